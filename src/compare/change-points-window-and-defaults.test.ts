import { describe, expect, it } from 'vitest';
import { detectChangePoints } from './change-points.js';

// Which nights the search sees (the last `window`, default 60) and what its defaults give: a clean
// step beats every one of the 999 shuffles, so its p-value is 1/1000.
const level = (n: number, atUs: number) => Array.from({ length: n }, (_, i) => atUs + (i % 3));

describe('the window of nights searched', () => {
  it('is the last 60 by default: a step 10 nights into 80 is out of sight', () => {
    const early = [...level(10, 100), ...level(70, 200)];
    expect(detectChangePoints(early, { seed: 4, permutations: 199 })).toEqual([]);
    expect(detectChangePoints(early, { seed: 4, permutations: 199, window: 80 }).map((p) => p.index)).toEqual([10]);
  });

  it('reports a step inside the window by its index into the whole series, with the window’s means', () => {
    // 70 nights, the last 30 searched (from night 40); the step at night 55
    const series = [...level(40, 0), ...level(15, 100), ...level(15, 200)];
    const [step, ...others] = detectChangePoints(series, { seed: 4, permutations: 199, window: 30 });
    expect(others).toEqual([]);
    expect(step).toMatchObject({ index: 55, beforeMean: 101, afterMean: 201, change: 100 });
  });
});

describe('the default search', () => {
  it('shuffles 999 times: a clean step has p = 1/1000, and 1% significance', () => {
    const [step] = detectChangePoints([...level(12, 250), ...level(12, 300)]);
    expect(step!.pValue).toBeCloseTo(1 / 1000, 12);
    // 98 shuffles give at best p = 1/99, above the default alpha 0.01: nothing is found
    expect(detectChangePoints([...level(12, 250), ...level(12, 300)], { permutations: 98 })).toEqual([]);
  });
});
