import { describe, expect, it } from 'vitest';
import { max, mean, percentile, round, weightedMean } from './numbers.js';

describe('numbers', () => {
  it('percentile is nearest-rank: an observed value, the smallest with p% at or below it', () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 99)).toBe(10);
    expect(percentile(values, 90)).toBe(9);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([], 99)).toBeNull();
    expect(values).toEqual([5, 1, 4, 2, 3, 10, 9, 8, 7, 6]); // input not sorted in place
  });

  it('weightedMean weights by the given weight and is null without weight', () => {
    expect(weightedMean([{ value: 10, weight: 3 }, { value: 20, weight: 1 }])).toBe(12.5);
    expect(weightedMean([])).toBeNull();
    expect(weightedMean([{ value: 5, weight: 0 }])).toBeNull();
  });

  it('mean, max and round', () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(mean([])).toBeNull();
    expect(max([-3, -1, -2])).toBe(-1);
    expect(max([])).toBeNull();
    expect(round(0.1 + 0.2)).toBe(0.3);
    expect(round(12.34567, 2)).toBe(12.35);
  });
});
