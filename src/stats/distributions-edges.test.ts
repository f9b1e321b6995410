import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile, studentTCdf, studentTQuantile } from './distributions.js';

// Each branch of the distribution functions: both tails of the normal quantile, its edges, the
// t distribution below 1 degree of freedom (Γ by reflection), on both sides of 0. References: R's
// pnorm/qnorm/pt, and a Simpson integration of the t density for fractional df.
describe('the normal distribution at its edges', () => {
  it('has a CDF of 0 and 1 at the infinities and ½ at 0, symmetric', () => {
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(3)).toBeCloseTo(0.9986501, 7);
    expect(normalCdf(-3)).toBeCloseTo(1 - 0.9986501, 7);
  });

  it('has quantiles in both tails and the middle', () => {
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263479, 6);
    expect(normalQuantile(0.99)).toBeCloseTo(2.3263479, 6);
    expect(normalQuantile(0.999)).toBeCloseTo(3.0902323, 6);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 6); // within the CDF's 1.2e-7
    expect(normalQuantile(0.02425)).toBeCloseTo(-1.9728, 3);
    expect(normalQuantile(0.97575)).toBeCloseTo(1.9728, 3);
  });

  it('has ∓∞ at 0 and 1, and no quantile outside', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(Number.NaN)).toBeNaN();
  });
});

describe('Student’s t', () => {
  it('has a CDF symmetric about 0, the Cauchy one at 1 df', () => {
    expect(studentTCdf(0, 5)).toBeCloseTo(0.5, 9);
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 9);
    expect(studentTCdf(-1, 1)).toBeCloseTo(0.25, 9);
    expect(studentTCdf(2.228138852, 10)).toBeCloseTo(0.975, 8);
    expect(studentTCdf(-2.228138852, 10)).toBeCloseTo(0.025, 8);
  });

  it('works below 1 degree of freedom (a Welch df can be that small)', () => {
    expect(studentTCdf(1, 0.5)).toBeCloseTo(0.6988784, 6);
    expect(studentTCdf(2, 0.8)).toBeCloseTo(0.8298057, 6);
    expect(studentTQuantile(0.6988784, 0.5)).toBeCloseTo(1, 5);
  });

  it('has quantiles on both sides, found past the first doubling', () => {
    expect(studentTQuantile(0.75, 1)).toBeCloseTo(1, 9);
    expect(studentTQuantile(0.995, 1)).toBeCloseTo(63.65674, 4);
    expect(studentTQuantile(0.005, 1)).toBeCloseTo(-63.65674, 4);
    expect(studentTQuantile(0.5, 3)).toBeCloseTo(0, 9);
  });

  it('refuses a probability outside (0, 1)', () => {
    expect(() => studentTQuantile(0, 5)).toThrow('p must be within (0, 1), got 0');
    expect(() => studentTQuantile(1, 5)).toThrow(RangeError);
    expect(() => studentTQuantile(Number.NaN, 5)).toThrow(RangeError);
    expect(() => studentTQuantile(0.975, 0)).toThrow('degrees of freedom must be > 0, got 0');
    expect(() => studentTQuantile(0.975, Number.NaN)).toThrow(RangeError);
    expect(studentTQuantile(0.975, 0.5)).toBeGreaterThan(studentTQuantile(0.975, 1));
  });
});
