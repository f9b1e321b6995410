import { describe, expect, it } from 'vitest';
import { kneeOf, type CurvePoint } from './knee.js';

const curve = (xs: readonly number[], y: (x: number) => number): CurvePoint[] => xs.map((x) => ({ x, y: y(x) }));
const range = (from: number, to: number, step: number) => Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

describe('Kneedle on latency against load', () => {
  it('finds the corner of a flat-then-steep curve', () => {
    const hockeyStick = curve(range(250, 8000, 250), (x) => (x <= 4000 ? 300 : 300 + (x - 4000)));
    expect(kneeOf(hockeyStick)).toBe(4000);
  });

  it('finds the knee of a queue (M/M/1 latency 1/(μ − λ)) near where waiting takes off', () => {
    const serviceRate = 10_000;
    const queue = curve(range(500, 9500, 500), (x) => 1e6 / (serviceRate - x));
    const knee = kneeOf(queue)!;
    expect(knee).toBeGreaterThanOrEqual(7000);
    expect(knee).toBeLessThanOrEqual(9000);
  });

  it('works on the uneven rates a search leaves (ramp by 2, then bisection), in any order', () => {
    const rates = [1000, 250, 2000, 500, 4000, 3000, 2500, 8000];
    const latency = (x: number) => (x <= 2500 ? 400 + x / 50 : 400 + 50 + (x - 2500) * 2);
    expect(kneeOf(curve(rates, latency))).toBe(2500);
  });

  it('names no knee in a noisy flat curve (latency must climb past it)', () => {
    const measured = [
      { x: 250, y: 660 },
      { x: 500, y: 489 },
      { x: 1000, y: 535 },
      { x: 750, y: 470 },
      { x: 875, y: 573 },
      { x: 813, y: 481 },
    ];
    expect(kneeOf(measured)).toBeNull();
    expect(kneeOf(measured, { minRise: 1 })).not.toBeNull(); // what plain Kneedle would say
  });

  it('says there is no knee for a straight line, a flat line or too few points', () => {
    expect(kneeOf(curve(range(100, 1000, 100), (x) => 2 * x))).toBeNull();
    expect(kneeOf(curve(range(100, 1000, 100), () => 500))).toBeNull();
    expect(kneeOf(curve([100, 200], (x) => x * x))).toBeNull();
  });

  it('ignores points that are not numbers (a level with no valid trial)', () => {
    const points = [...curve(range(250, 8000, 250), (x) => (x <= 4000 ? 300 : 300 + (x - 4000))), { x: 9000, y: Number.NaN }];
    expect(kneeOf(points)).toBe(4000);
  });
});
