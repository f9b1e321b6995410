import { describe, expect, it } from 'vitest';
import { bootstrapMedianCi } from './bootstrap-ci.js';

// Values so few that every resample can be counted by hand; the interval's ends must fall where the
// distribution of resampled medians puts them (2000 resamples: each share known to about ±0.01).
describe('the percentile bootstrap of a median, by enumeration', () => {
  it('of 3 values 0/10/20: the median is 0 or 20 in 7 of 27 draws each, 10 in 13', () => {
    // tails at 0.2 and 0.8 lie in the outer bands (below 7/27 = 0.26 and above 20/27 = 0.74)
    expect(bootstrapMedianCi([0, 10, 20], { seed: 7, confidence: 0.6 })).toEqual([0, 20]);
    // tails at 0.4 and 0.6 both lie in the middle band
    expect(bootstrapMedianCi([20, 0, 10], { seed: 7, confidence: 0.2 })).toEqual([10, 10]);
  });

  it('of 4 values 0/0/10/10: an even draw’s median is the mean of its middle two (5 in 6 of 16 draws)', () => {
    // number of 10s drawn ~ Binomial(4, ½): ≤ 1 → median 0 (5/16), 2 → 5 (6/16), ≥ 3 → 10 (5/16)
    expect(bootstrapMedianCi([0, 10, 0, 10], { seed: 7, confidence: 0.2 })).toEqual([5, 5]);
    expect(bootstrapMedianCi([0, 10, 0, 10], { seed: 7, confidence: 0.8 })).toEqual([0, 10]);
  });
});

describe('the options of the bootstrap', () => {
  it('take a confidence strictly between 0 and 1', () => {
    expect(() => bootstrapMedianCi([1, 2, 3], { seed: 1, confidence: 0 })).toThrow('confidence must be within (0, 1), got 0');
    expect(() => bootstrapMedianCi([1, 2, 3], { seed: 1, confidence: 1 })).toThrow('confidence must be within (0, 1), got 1');
    expect(() => bootstrapMedianCi([1, 2, 3], { seed: 1, confidence: Number.NaN })).toThrow(RangeError);
    expect(bootstrapMedianCi([1, 2, 3], { seed: 1, confidence: 0.5 })[0]).toBeGreaterThanOrEqual(1);
  });

  it('take a whole number of resamples, at least 1', () => {
    expect(() => bootstrapMedianCi([1, 2, 3], { seed: 1, resamples: 1.5 })).toThrow('resamples must be a positive integer, got 1.5');
    expect(() => bootstrapMedianCi([1, 2, 3], { seed: 1, resamples: 0 })).toThrow('resamples must be a positive integer, got 0');
    // one resample: both ends are its median
    const [low, high] = bootstrapMedianCi([1, 2, 3], { seed: 1, resamples: 1 });
    expect(low).toBe(high);
  });

  it('refuse a value that is not finite, whatever the options', () => {
    expect(() => bootstrapMedianCi([1, 2, Infinity], { seed: 1 })).toThrow('bootstrapMedianCi: values must be finite');
    expect(() => bootstrapMedianCi([Number.NaN], { seed: 1 })).toThrow(RangeError);
  });
});
