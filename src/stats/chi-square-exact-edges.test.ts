import { describe, expect, it } from 'vitest';
import { chiSquareGoodnessOfFit, chiSquareUpperTail } from './chi-square.js';

// The edges of the goodness of fit's three p-values (χ² approximation, binomial, Monte Carlo
// multinomial), each against a figure worked by hand or an exact enumeration of the outcomes.
describe('which p-value the goodness of fit uses', () => {
  it('keeps the χ² approximation when the smallest expected count is exactly 5', () => {
    // 8/2 of 10 against 50/50: expected 5 each, χ² = (9 + 9) / 5 = 3.6, R pchisq(3.6, 1, lower.tail = FALSE) = 0.0577796
    // (the exact binomial would say 2 · P(X ≤ 2 | 10, ½) = 2 · 56/1024 = 0.109375)
    const fit = chiSquareGoodnessOfFit([8, 2], [1, 1]);
    expect(fit.chiSquare).toBeCloseTo(3.6, 12);
    expect(fit.pValue).toBeCloseTo(0.0577796, 6);
  });

  it('is the binomial test with two categories, which orders outcomes by probability, not by χ²', () => {
    // 0 of 10 at a 30% share (expected 3): R binom.test(0, 10, 0.3) sums the outcomes no likelier
    // than 0.7^10 = 0.0282475: X = 0 and X ≥ 7 → 0.0388396. Ordering by χ² (|X − 3| ≥ 3) would add
    // X = 6 and say 0.0755965.
    expect(chiSquareGoodnessOfFit([0, 10], [0.3, 0.7]).pValue).toBeCloseTo(0.0388396, 6);
  });
});

describe('the Monte Carlo multinomial p-value', () => {
  it('is 1 exactly, never more, when the counts are exactly the expected ones', () => {
    // 1/1/2 of 4 at ¼/¼/½: χ² = 0, every draw is at least as far from the shares
    expect(chiSquareGoodnessOfFit([1, 1, 2], [1, 1, 2])).toEqual({ chiSquare: 0, degreesOfFreedom: 2, pValue: 1 });
  });

  it('draws exactly `total` requests per trial: 3 of 3 in one of three equal categories', () => {
    // χ² = (2² + 1 + 1) / 1 = 6; of the 27 equally likely outcomes of 3 draws only the 3 "all in one
    // category" reach 6: p = 1/9 (with 4 draws per trial it would be 3/81 = 0.037)
    const fit = chiSquareGoodnessOfFit([3, 0, 0], [1, 1, 1]);
    expect(fit.chiSquare).toBeCloseTo(6, 12);
    expect(Math.abs(fit.pValue - 1 / 9)).toBeLessThan(0.01);
  });
});

describe('the χ² upper tail at its ends', () => {
  it('is 1 at 0 for every df, 0 included (χ²(0) is the point mass at 0)', () => {
    expect(chiSquareUpperTail(0, 0)).toBe(1);
    expect(chiSquareUpperTail(0, 1)).toBe(1);
  });

  it('keeps its relative accuracy far in the tail: χ²(2) above 100 is e^−50', () => {
    // with 2 df the tail is exactly e^(−x/2); 1 − (series for P) would lose it all to cancellation
    expect(chiSquareUpperTail(100, 2) / Math.exp(-50)).toBeCloseTo(1, 9);
    expect(chiSquareUpperTail(60, 4) / (Math.exp(-30) * (1 + 30))).toBeCloseTo(1, 9);
  });
});
