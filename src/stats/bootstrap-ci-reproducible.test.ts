import { describe, expect, it } from 'vitest';
import { bootstrapMedianCi } from './bootstrap-ci.js';
import { gaussian } from '../testing/synthetic-run.js';

const normal = gaussian(11);
const values = Array.from({ length: 15 }, () => 250 + normal(40));
const sorted = [...values].sort((a, b) => a - b);
const sampleMedian = sorted[7]!;

describe('bootstrapMedianCi', () => {
  it('gives the same interval for the same values and seed', () => {
    expect(bootstrapMedianCi(values, { seed: 3 })).toEqual(bootstrapMedianCi(values, { seed: 3 }));
  });

  it('brackets the sample median inside the range of the data', () => {
    const [low, high] = bootstrapMedianCi(values, { seed: 3 });
    expect(low).toBeLessThan(sampleMedian);
    expect(high).toBeGreaterThan(sampleMedian);
    expect(low).toBeGreaterThanOrEqual(sorted[0]!);
    expect(high).toBeLessThanOrEqual(sorted[14]!);
  });

  it('widens with confidence', () => {
    const [low80, high80] = bootstrapMedianCi(values, { seed: 3, confidence: 0.8 });
    const [low99, high99] = bootstrapMedianCi(values, { seed: 3, confidence: 0.99 });
    expect(high99 - low99).toBeGreaterThan(high80 - low80);
  });

  it('does not depend on the order of the values beyond resampling noise', () => {
    const [low, high] = bootstrapMedianCi(values, { seed: 3 });
    const [lowR, highR] = bootstrapMedianCi([...values].reverse(), { seed: 3 });
    expect(Math.abs(lowR - low)).toBeLessThan(20);
    expect(Math.abs(highR - high)).toBeLessThan(20);
  });
});
