import { describe, expect, it } from 'vitest';
import { DEFAULT_REGRESSION } from '../config/schema.js';
import { compareRecords } from './compare.js';
import { fabricateRecord } from '../testing/fabricate-record.js';

describe('an injected regression in the mesh path', () => {
  it('is flagged at every percentile when every mesh request takes 100 µs longer', () => {
    const baseline = fabricateRecord({ seed: 11 });
    const current = fabricateRecord({ seed: 12, extraMeshUs: 100 });
    const c = compareRecords(baseline, current, { regression: DEFAULT_REGRESSION });
    expect(c.verdict).toBe('regression');
    for (const row of c.rows) {
      expect(row.verdict, `p${row.percentile}: ${row.reason}`).toBe('regression');
      expect(row.changeUs!).toBeGreaterThan(60);
      expect(row.changeUs!).toBeLessThan(140);
      expect(row.changeCiUs[0]!).toBeGreaterThan(0);
      expect(row.test.pValue).toBeLessThanOrEqual(DEFAULT_REGRESSION.alpha);
    }
  });

  it('is caught in most seeded repeats at 60 µs, just above the 50 µs minimum effect', () => {
    let flagged = 0;
    const repeats = 10;
    for (let r = 0; r < repeats; r++) {
      const c = compareRecords(fabricateRecord({ seed: 100 + 2 * r, samplesPerTrial: 500 }), fabricateRecord({ seed: 101 + 2 * r, samplesPerTrial: 500, extraMeshUs: 60 }), {
        regression: DEFAULT_REGRESSION,
        permutations: 2000,
      });
      if (c.rows.find((row) => row.percentile === 50)?.verdict === 'regression') flagged++;
    }
    console.info(`+60 µs at p50: flagged ${flagged}/${repeats}`);
    expect(flagged).toBeGreaterThanOrEqual(6);
  });
});
