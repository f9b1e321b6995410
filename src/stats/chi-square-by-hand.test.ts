import { describe, expect, it } from 'vitest';
import { chiSquareGoodnessOfFit, chiSquareUpperTail } from './chi-square.js';

// χ² figures worked by hand, both branches of the incomplete gamma (series below a + 1, continued
// fraction above), and the Monte Carlo multinomial p against an exact enumeration of the outcomes.
describe('the χ² upper tail', () => {
  it('matches R’s pchisq(x, df, lower.tail = FALSE) on both sides of a + 1', () => {
    expect(chiSquareUpperTail(1, 1)).toBeCloseTo(0.3173105, 7);
    expect(chiSquareUpperTail(3, 5)).toBeCloseTo(0.6999858, 7);
    expect(chiSquareUpperTail(10, 2)).toBeCloseTo(Math.exp(-5), 9);
    expect(chiSquareUpperTail(20, 10)).toBeCloseTo(0.02925269, 8);
  });

  it('is 0 at infinity and 1 at or below 0', () => {
    expect(chiSquareUpperTail(Infinity, 3)).toBe(0);
    expect(chiSquareUpperTail(0, 3)).toBe(1);
    expect(chiSquareUpperTail(-2, 3)).toBe(1);
  });
});

describe('the goodness of fit', () => {
  it('is Σ (o − e)² / e with shares taken relative to their sum', () => {
    // 60/40 observed against 50/50 of 100: (10² + 10²) / 50 = 4, df 1
    const fit = chiSquareGoodnessOfFit([60, 40], [1, 1]);
    expect(fit.chiSquare).toBeCloseTo(4, 12);
    expect(fit.degreesOfFreedom).toBe(1);
    expect(fit.pValue).toBeCloseTo(0.0455003, 6);
    expect(chiSquareGoodnessOfFit([60, 40], [0.5, 0.5])).toEqual(fit);
  });

  it('has df 0 and p = 1 with a single possible category', () => {
    expect(chiSquareGoodnessOfFit([7, 0], [1, 0])).toEqual({ chiSquare: 0, degreesOfFreedom: 0, pValue: 1 });
  });

  it('calls counts in a zero-share category impossible: χ² = ∞, p = 0', () => {
    expect(chiSquareGoodnessOfFit([7, 1], [1, 0])).toEqual({ chiSquare: Infinity, degreesOfFreedom: 0, pValue: 0 });
  });

  it('is a Monte Carlo multinomial test with small expected counts, close to the exact one', () => {
    // exact: P(χ² ≥ 2.917) over all outcomes of 20 draws at 0.1/0.3/0.6 = 0.2241; 10 draws at 0.2/0.3/0.5, χ² 10.13: 0.00837
    const fit = chiSquareGoodnessOfFit([0, 5, 15], [0.1, 0.3, 0.6]);
    expect(fit.chiSquare).toBeCloseTo(2.9166667, 6);
    expect(fit.degreesOfFreedom).toBe(2);
    expect(Math.abs(fit.pValue - 0.2241)).toBeLessThan(0.012);
    expect(Math.abs(chiSquareGoodnessOfFit([6, 2, 2], [0.2, 0.3, 0.5]).pValue - 0.00837)).toBeLessThan(0.003);
  });

  it('needs two categories, as many observed as expected', () => {
    expect(() => chiSquareGoodnessOfFit([5], [1])).toThrow('need at least two categories, observed and expected alike');
    expect(() => chiSquareGoodnessOfFit([5, 5], [1, 1, 1])).toThrow(/two categories/);
  });
});
