import { describe, expect, it } from 'vitest';
import { bestSplit, detectChangePoints, lagOneAutocorrelation, persistenceUpperBound } from './change-points.js';

// The pieces of E-divisive on series small enough to work by hand (reference figures from a direct
// evaluation of Q(τ) = m·k/(m+k) · (2/(m·k)·Σ|xᵢ−yⱼ| − Σ|xᵢ−xᵢ'|/C(m,2) − Σ|yⱼ−yⱼ'|/C(k,2)) at every τ).
describe('the best split', () => {
  it('is the τ with the largest Q: three 0s then three 10s split in the middle, Q = 30', () => {
    expect(bestSplit([0, 0, 0, 10, 10, 10], 1)).toEqual({ tau: 3, q: 30 });
    expect(bestSplit([0, 0, 0, 10, 10, 10], 3)).toEqual({ tau: 3, q: 30 });
  });

  it('keeps minSegment points on each side, even when a split nearer the end scores higher', () => {
    // τ = 6 (the outlier alone) has Q 38.86, but leaves one point after it
    const series = [1, 5, 2, 8, 9, 7, 30];
    expect(bestSplit(series, 1)).toEqual({ tau: 6, q: expect.closeTo(38.857142857, 8) });
    expect(bestSplit(series, 2)).toEqual({ tau: 3, q: expect.closeTo(12.571428571, 8) });
  });

  it('scores pairs within a side by their own mean distance (one point: no pairs)', () => {
    expect(bestSplit([3, 1, 4, 1, 5], 1)).toEqual({ tau: 4, q: expect.closeTo(2.933333333, 8) });
    expect(bestSplit([1, 2], 1)).toEqual({ tau: 1, q: 1 });
  });

  it('is null when no split leaves minSegment on each side', () => {
    expect(bestSplit([1, 2, 3], 2)).toBeNull();
  });
});

describe('the persistence of nights', () => {
  it('is the lag-1 autocorrelation around the segment means plus Kendall’s (1 + 3ρ)/n', () => {
    // residuals −3.5 … 3.5 wobbling: ρ̂ = 0.1563, + (1 + 3·0.1563)/8
    expect(lagOneAutocorrelation([[1, 3, 2, 4, 3, 5, 4, 6]])).toBeCloseTo(0.296875, 12);
  });

  it('is clamped to [0, 0.9]: alternating nights have none, a steady climb the most', () => {
    expect(lagOneAutocorrelation([[5, 1, 5, 1, 5, 1]])).toBe(0);
    expect(lagOneAutocorrelation([[1, 2, 3, 4, 5, 6]])).toBe(0.9);
  });

  it('does not take a step between segments for persistence', () => {
    expect(lagOneAutocorrelation([[1, 2, 3], [11, 12, 13]])).toBe(0);
    expect(lagOneAutocorrelation([[1, 2, 3, 11, 12, 13]])).toBeGreaterThan(0.5);
  });

  it('is 0 on fewer than 4 nights or on nights that do not vary', () => {
    expect(lagOneAutocorrelation([[1, 2, 3]])).toBe(0);
    expect(lagOneAutocorrelation([[2, 2, 2, 2]])).toBe(0);
  });

  it('is whitened with its estimate plus one standard error √((1 − ρ²)/n), at most 0.9', () => {
    expect(persistenceUpperBound([[1, 3, 2, 4, 3, 5, 4, 6]])).toBeCloseTo(0.296875 + Math.sqrt((1 - 0.296875 ** 2) / 8), 12);
    expect(persistenceUpperBound([[5, 1, 5, 1, 5, 1]])).toBeCloseTo(Math.sqrt(1 / 6), 12);
    expect(persistenceUpperBound([[2, 2, 2, 2]])).toBe(0.5);
    expect(persistenceUpperBound([[1, 2, 3, 4, 5, 6]])).toBe(0.9);
    expect(persistenceUpperBound([[1, 2, 3]])).toBe(0);
  });
});

describe('change points', () => {
  const step = [...Array(12).fill(0).map((_, i) => 250 + (i % 3)), ...Array(12).fill(0).map((_, i) => 300 + (i % 3))];

  it('are none on a series too short to split, or flat', () => {
    expect(detectChangePoints([1, 2, 3, 4, 5], { seed: 1 })).toEqual([]);
    expect(detectChangePoints(Array(20).fill(7), { seed: 1 })).toEqual([]);
  });

  it('carry the permutation p-value of the split: (1 + shuffles at least as large) / (1 + shuffles)', () => {
    const [found] = detectChangePoints(step, { seed: 1, permutations: 99 });
    expect(found!.pValue).toBeCloseTo(1 / 100, 12);
    // with fewer shuffles than 1/alpha the p-value cannot reach alpha: nothing is found
    expect(detectChangePoints(step, { seed: 1, permutations: 50 })).toEqual([]);
    expect(detectChangePoints(step, { seed: 1, permutations: 50, alpha: 0.05 })).toHaveLength(1);
  });

  it('find each of two steps, with each segment’s mean before and after', () => {
    const twoSteps = [...step, ...Array(12).fill(0).map((_, i) => 400 + (i % 3))];
    const points = detectChangePoints(twoSteps, { seed: 2 });
    expect(points.map((p) => p.index)).toEqual([12, 24]);
    expect(points[0]).toMatchObject({ beforeMean: 251, afterMean: 301, change: 50 });
    expect(points[1]).toMatchObject({ beforeMean: 301, afterMean: 401, change: 100 });
    expect(points[1]!.changePct).toBeCloseTo((100 * 100) / 301, 9);
  });

  it('give no percentage for a change from a mean of 0, and measure it from |mean| when it is negative', () => {
    const fromZero = [...Array(10).fill(0).map((_, i) => (i % 2) - 0.5), ...Array(10).fill(0).map((_, i) => 50 + (i % 2))];
    expect(detectChangePoints(fromZero, { seed: 3 })[0]).toMatchObject({ index: 10, beforeMean: 0, changePct: null });
    const fromBelow = fromZero.map((x, i) => (i < 10 ? x - 100 : x));
    expect(detectChangePoints(fromBelow, { seed: 3 })[0]!.changePct).toBeCloseTo((100 * 150.5) / 100, 9);
  });

  it('refuse values that are not finite and a minimum segment below 1', () => {
    expect(() => detectChangePoints([1, Number.NaN, 3])).toThrow(RangeError);
    expect(() => detectChangePoints([1, 2, 3], { minSegment: 0 })).toThrow(/minSegment/);
  });
});
