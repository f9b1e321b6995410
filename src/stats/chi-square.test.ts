import { describe, expect, it } from 'vitest';
import { chiSquareGoodnessOfFit, chiSquareUpperTail } from './chi-square.js';
import { mulberry32 } from './prng.js';

describe('χ² goodness of fit', () => {
  it('matches tabulated critical values', () => {
    expect(chiSquareUpperTail(3.841, 1)).toBeCloseTo(0.05, 3);
    expect(chiSquareUpperTail(5.991, 2)).toBeCloseTo(0.05, 3);
    expect(chiSquareUpperTail(10.828, 1)).toBeCloseTo(0.001, 4);
    expect(chiSquareUpperTail(0, 3)).toBe(1);
  });

  it('accepts a 90/10 split sampled from 90/10 and rejects one sampled from 80/20', () => {
    const sample = (share: number, n: number, seed: number) => {
      const random = mulberry32(seed);
      let v1 = 0;
      for (let i = 0; i < n; i++) if (random() < share) v1 += 1;
      return [v1, n - v1];
    };
    expect(chiSquareGoodnessOfFit(sample(0.9, 5000, 1), [90, 10]).pValue).toBeGreaterThan(0.001);
    expect(chiSquareGoodnessOfFit(sample(0.8, 5000, 2), [90, 10]).pValue).toBeLessThan(1e-6);
  });

  it('keeps its false-alarm rate at α over repeated honest samples', () => {
    let alarms = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const random = mulberry32(seed);
      const counts = [0, 0];
      for (let i = 0; i < 1000; i++) counts[random() < 0.9 ? 0 : 1]! += 1;
      if (chiSquareGoodnessOfFit(counts, [90, 10]).pValue < 0.05) alarms += 1;
    }
    expect(alarms / 400).toBeGreaterThan(0.02);
    expect(alarms / 400).toBeLessThan(0.09);
  });
});

describe('χ² with small or empty categories', () => {
  it('does not count a zero-share category in the degrees of freedom', () => {
    const fit = chiSquareGoodnessOfFit([90, 110, 0], [0.5, 0.5, 0]);
    expect(fit.degreesOfFreedom).toBe(1);
    expect(fit.pValue).toBeCloseTo(chiSquareGoodnessOfFit([90, 110], [0.5, 0.5]).pValue, 12);
  });

  it('calls a count where the share is zero impossible', () => {
    expect(chiSquareGoodnessOfFit([90, 110, 1], [0.5, 0.5, 0]).pValue).toBe(0);
  });

  it('is exact (binomial) when an expected count is below 5: 0 of 20 at a 10% share', () => {
    // binom.test(0, 20, 0.1): P(0) = 0.9^20 = 0.1216 plus P(X ≥ 4) = 0.1329 → 0.2545; the χ² approximation says 0.136
    expect(chiSquareGoodnessOfFit([0, 20], [0.1, 0.9]).pValue).toBeCloseTo(0.2545, 3);
  });

  it('is a Monte Carlo multinomial test with more categories and small counts', () => {
    const fit = chiSquareGoodnessOfFit([0, 5, 15], [0.1, 0.3, 0.6]);
    expect(fit.pValue).toBeGreaterThan(0.2);
    expect(fit.pValue).toBeLessThan(0.5);
  });
});
