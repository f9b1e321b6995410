import { describe, expect, it } from 'vitest';
import { kneeOf, type CurvePoint } from './knee.js';

const curve = (xs: readonly number[], y: (x: number) => number): CurvePoint[] => xs.map((x) => ({ x, y: y(x) }));
const range = (from: number, to: number, step: number) => Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

describe('Kneedle on latency against load', () => {
  it('finds the corner of a flat-then-steep curve', () => {
    const hockeyStick = curve(range(250, 8000, 250), (x) => (x <= 4000 ? 300 : 300 + (x - 4000)));
    expect(kneeOf(hockeyStick)).toBe(4000);
  });

  it('finds the knee of a queue (M/M/1 latency 1/(μ − λ)) where waiting takes off, before latency has tripled', () => {
    const serviceRate = 10_000;
    const queue = curve(range(500, 9500, 500), (x) => 1e6 / (serviceRate - x));
    const knee = kneeOf(queue)!;
    // latency at the knee: well above the 105 µs at 500 rps, well below the 316 µs of three times it
    expect(1e6 / (serviceRate - knee)).toBeGreaterThan(1.4 * (1e6 / (serviceRate - 500)));
    expect(1e6 / (serviceRate - knee)).toBeLessThan(3 * (1e6 / (serviceRate - 500)));
  });

  it('does not move when the search reaches further into overload (issue 12 §5)', () => {
    const queue = (topRps: number) => curve([...range(500, 7000, 500), ...range(7500, topRps, 500), topRps], (x) => 1e6 / (10_000 - x));
    const knees = [7500, 8500, 9000, 9500, 9900].map((top) => kneeOf(queue(top)));
    expect(knees[0]).not.toBeNull();
    expect(new Set(knees)).toEqual(new Set([knees[0]]));
    // plain Kneedle, normalised by the whole curve, follows the top rate
    const plain = [7500, 9900].map((top) => kneeOf(queue(top), { ceilingRise: Infinity })!);
    expect(plain[1]).toBeGreaterThan(plain[0]! + 1000);
  });

  it('names no knee until latency has reached three times its value at the lowest rate', () => {
    const queue = (topRps: number) => curve(range(500, topRps, 500), (x) => 1e6 / (10_000 - x));
    expect(kneeOf(queue(6500))).toBeNull(); // 286 µs at the top: not yet 3 × 105 µs
    expect(kneeOf(queue(7000))).not.toBeNull(); // 333 µs
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
    expect(kneeOf(measured, { minRise: 1, ceilingRise: Infinity })).not.toBeNull(); // what plain Kneedle would say
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

  it('counts a level at exactly three times the first latency as reaching it, and needs only three levels', () => {
    const corner = [
      { x: 100, y: 100 },
      { x: 200, y: 100 },
      { x: 300, y: 100 },
      { x: 400, y: 300 },
    ];
    expect(kneeOf(corner)).toBe(300);
    expect(kneeOf([corner[0]!, corner[2]!, corner[3]!])).toBe(300);
    expect(kneeOf([{ x: 100, y: 100 }, { x: 400, y: 300 }])).toBeNull();
    expect(kneeOf([])).toBeNull();
  });

  it('needs latency to climb past the knee by minRise, on the curve it reads', () => {
    // a corner at 300, then only 1.2× its latency (plain Kneedle, over the whole curve)
    const shallow = curve([100, 200, 300, 400, 500], (x) => (x <= 300 ? 1000 : 1000 + (x - 300)));
    const plain = { ceilingRise: Infinity };
    expect(kneeOf(shallow, plain)).toBeNull();
    expect(kneeOf(shallow, { ...plain, minRise: 1.2 })).toBe(300);
    expect(kneeOf(shallow, { ...plain, minRise: 1.21 })).toBeNull();
  });

  it('with plain Kneedle, a curve that starts at zero latency still has its knee', () => {
    const fromZero = curve(range(0, 8000, 250), (x) => (x <= 4000 ? 0 : x - 4000));
    expect(kneeOf(fromZero)).toBeNull(); // no latency to take three times of
    expect(kneeOf(fromZero, { ceilingRise: Infinity })).toBe(4000);
    expect(kneeOf(curve(range(100, 1000, 100), () => 500), { ceilingRise: Infinity })).toBeNull();
  });

  it('takes the first knee, and only one the curve falls away from by the sensitivity', () => {
    // two corners: at 2000 (300 → slope 0.5) and at 6000 (→ slope 5)
    const twoCorners = curve(range(250, 9000, 250), (x) => (x <= 2000 ? 300 : x <= 6000 ? 300 + (x - 2000) / 2 : 2300 + (x - 6000) * 5));
    expect(kneeOf(twoCorners, { ceilingRise: Infinity })).toBe(6000);
    expect(kneeOf(twoCorners)).toBe(2000);
    expect(kneeOf(twoCorners, { sensitivity: 50 })).toBeNull();
  });

  it('leaves out a point with a non-number on either axis', () => {
    const stick = curve(range(250, 8000, 250), (x) => (x <= 4000 ? 300 : 300 + (x - 4000)));
    expect(kneeOf([...stick, { x: Number.NaN, y: 100_000 }, { x: 1100, y: Number.POSITIVE_INFINITY }])).toBe(4000);
    expect(kneeOf([{ x: 50, y: Number.NaN }, ...stick])).toBe(4000);
  });

  it('confirms a knee once the curve falls sensitivity × the mean x step below it, not at exactly that', () => {
    const corner = curve([100, 200, 300, 400], (x) => (x <= 300 ? 100 : 300)); // differences 0, 1/3, 2/3, 0
    expect(kneeOf(corner, { sensitivity: 1.9 })).toBe(300);
    expect(kneeOf(corner, { sensitivity: 2 })).toBeNull();
  });

  it('passes over a bump it is not sure of to the higher maximum after it', () => {
    // differences 0, .2, .15, .6, 0: the bump at 200 falls only .05 (< one x step, .25) before the curve climbs again
    expect(kneeOf(curve([100, 200, 300, 400, 500], (x) => ({ 100: 100, 200: 110, 300: 170, 400: 130, 500: 300 })[x]!))).toBe(400);
  });

  it('on a level stretch of the difference curve takes its first point', () => {
    // differences 0, .2, .2, −.1, 0, 0
    expect(kneeOf(curve([100, 200, 300, 400, 500, 600], (x) => ({ 100: 100, 200: 100, 300: 140, 400: 240, 500: 260, 600: 300 })[x]!))).toBe(200);
  });

  it('depends on the shape of the curve, not on where its rates start', () => {
    const queue = (shiftRps: number) => curve(range(500, 9500, 500), (x) => 1e6 / (10_000 - x)).map((p) => ({ x: p.x + shiftRps, y: p.y }));
    expect(kneeOf(queue(100_000))).toBe(kneeOf(queue(0))! + 100_000);
  });
});

