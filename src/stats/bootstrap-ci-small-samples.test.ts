import { describe, expect, it } from 'vitest';
import { bootstrapMedianCi, UNKNOWN_CI } from './bootstrap-ci.js';
import { verdictFor } from './verdict.js';

describe('bootstrapMedianCi with few or bad values', () => {
  it('reports an unknown interval for fewer than 3 values, so no verdict can pass or fail', () => {
    for (const values of [[], [250], [250, 260]]) {
      const ci = bootstrapMedianCi(values, { seed: 1 });
      expect(ci).toEqual([-Infinity, Infinity]);
      expect(verdictFor(ci, 2000)).toBe('INCONCLUSIVE');
    }
  });

  it('reports a finite interval from 3 values on', () => {
    const [low, high] = bootstrapMedianCi([240, 250, 260], { seed: 1 });
    expect(low).toBeGreaterThanOrEqual(240);
    expect(high).toBeLessThanOrEqual(260);
    expect(low).toBeLessThan(high);
  });

  it('exposes the unknown interval as a frozen constant', () => {
    expect(UNKNOWN_CI).toEqual([-Infinity, Infinity]);
    expect(Object.isFrozen(UNKNOWN_CI)).toBe(true);
  });

  it('rejects non-finite values and nonsensical options', () => {
    expect(() => bootstrapMedianCi([1, 2, Number.NaN], { seed: 1 })).toThrow(RangeError);
    expect(() => bootstrapMedianCi([1, 2, 3], { seed: 1, confidence: 1 })).toThrow(RangeError);
    expect(() => bootstrapMedianCi([1, 2, 3], { seed: 1, resamples: 0 })).toThrow(RangeError);
  });
});
