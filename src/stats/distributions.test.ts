import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile, studentTCdf, studentTQuantile } from './distributions.js';

// Reference values from R: qt(0.975, df), pnorm, qnorm.
describe('distribution functions', () => {
  it('match published t quantiles', () => {
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.302653, 5);
    expect(studentTQuantile(0.975, 4)).toBeCloseTo(2.776445, 5);
    expect(studentTQuantile(0.975, 13)).toBeCloseTo(2.160369, 5);
    expect(studentTQuantile(0.995, 39)).toBeCloseTo(2.707913, 5);
    expect(studentTQuantile(0.025, 9)).toBeCloseTo(-2.262157, 5);
    expect(studentTCdf(2.262157, 9)).toBeCloseTo(0.975, 6);
  });

  it('match the normal distribution', () => {
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-2.575829)).toBeCloseTo(0.005, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(normalQuantile(0.3)).toBeCloseTo(-0.5244005, 5);
  });
});
