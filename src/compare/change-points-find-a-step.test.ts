import { expect, it } from 'vitest';
import { gaussian } from '../testing/synthetic-run.js';
import { detectChangePoints } from './change-points.js';

it('finds a 40 µs step after night 15 of 30 (noise SD 15 µs), with the means before and after', () => {
  let found = 0;
  let atStep = 0;
  let exactly = 0;
  const repeats = 20;
  for (let r = 0; r < repeats; r++) {
    const normal = gaussian(300 + r);
    const series = Array.from({ length: 30 }, (_, night) => 260 + (night >= 15 ? 40 : 0) + normal(15));
    const points = detectChangePoints(series, { seed: r });
    if (points.length > 0) found++;
    const step = points.find((p) => Math.abs(p.index - 15) <= 2);
    if (points.some((p) => p.index === 15)) exactly++;
    if (step) {
      atStep++;
      expect(step.beforeMean).toBeGreaterThan(245);
      expect(step.beforeMean).toBeLessThan(275);
      expect(step.change).toBeGreaterThan(20);
      expect(step.change).toBeLessThan(55);
      expect(step.pValue).toBeLessThanOrEqual(0.01);
    }
  }
  console.info(`change points: 40 µs step (2.7 SD) found in ${found}/${repeats} series, at night 15 ± 2 in ${atStep}/${repeats}, exactly at 15 in ${exactly}/${repeats}`);
  // prewhitening against AR(1) persistence costs some power (20/20 and 19/20 before it)
  expect(found).toBeGreaterThanOrEqual(18);
  expect(atStep).toBeGreaterThanOrEqual(16);
});

it('reports the step as a rise from one level to the next, index into the whole series', () => {
  const series = [...Array(12).fill(0).map((_, i) => 250 + (i % 3)), ...Array(12).fill(0).map((_, i) => 300 + (i % 3))];
  const [step, ...others] = detectChangePoints(series, { seed: 1 });
  expect(others).toEqual([]);
  expect(step).toMatchObject({ index: 12, beforeMean: 251, afterMean: 301, change: 50 });
  expect(step!.changePct).toBeCloseTo(19.9, 1);
});

it('searches only the last `window` points', () => {
  const series = [...Array(20).fill(100), ...Array(40).fill(0).map((_, i) => 200 + (i % 4))];
  expect(detectChangePoints(series, { window: 30, seed: 1 })).toEqual([]);
  expect(detectChangePoints(series, { window: 60, seed: 1 }).map((p) => p.index)).toEqual([20]);
});
