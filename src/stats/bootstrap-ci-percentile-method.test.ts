import { probit } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { bootstrapMedianCi } from './bootstrap-ci.js';

describe('bootstrapMedianCi method', () => {
  it('cuts the resampled medians at (1 − c)/2 and (1 + c)/2', () => {
    // For the grid 0..1000 the resampled median's index is ~ normal around 500 with sd √1001 / 2 ≈ 15.8,
    // so the c-interval is 500 ∓ z·15.8 (± ~1 of resampling noise with 2000 resamples).
    // Catches a 90% or 97.5% interval passed off as 95% (ends ±5 away).
    const grid = Array.from({ length: 1001 }, (_, i) => i);
    for (const confidence of [0.9, 0.95]) {
      const halfWidth = probit((1 + confidence) / 2) * (Math.sqrt(1001) / 2);
      const [low, high] = bootstrapMedianCi(grid, { seed: 1, confidence });
      expect(Math.abs(low - (500 - halfWidth))).toBeLessThan(3);
      expect(Math.abs(high - (500 + halfWidth))).toBeLessThan(3);
    }
  });

  it('takes the mean of the middle two as the median of an even resample', () => {
    // Resampling [0, 0, 10, 10] gives median 0 (p 5/16), 5 (p 6/16) or 10 (p 5/16): the central
    // 20% of resampled medians is exactly 5. An upper (or lower) median would never give 5.
    expect(bootstrapMedianCi([0, 0, 10, 10], { seed: 1, confidence: 0.2 })).toEqual([5, 5]);
  });
});
