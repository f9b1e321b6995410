import { expect, it } from 'vitest';
import { DEFAULT_REGRESSION } from '../config/schema.js';
import { fabricateRecord } from '../testing/fabricate-record.js';
import { compareRecords } from './compare.js';
import { levelKey, recordRoundTaxes } from './trial-samples.js';

it('compares the same taxes the records print (merged histograms; warm-up and invalid trials left out)', () => {
  const a = fabricateRecord({ seed: 61, rounds: 6, samplesPerTrial: 300, invalid: [{ round: 2, variant: 'mesh', slot: 0 }] });
  const b = fabricateRecord({ seed: 62, rounds: 7, samplesPerTrial: 300, invalid: [{ round: 4, variant: 'baseline', slot: 1 }] });
  const c = compareRecords(a, b, { regression: DEFAULT_REGRESSION, permutations: 200 });
  for (const row of c.rows) {
    const printed = (record: typeof a) => record.summary.find((r) => r.percentile === row.percentile)!;
    expect(row.baselineTaxUs).toBe(printed(a).taxUs);
    expect(row.currentTaxUs).toBe(printed(b).taxUs);
    expect(row.baselineRounds).toBe(printed(a).rounds);
    expect(row.changeUs).toBe(printed(b).taxUs! - printed(a).taxUs!);
  }
  // the per-round points the report draws come from the same rounds
  const level = { profile: 'dedicated', rateRps: 500, newConnectionEvery: 0 };
  expect(recordRoundTaxes(a, [level], [50]).get(levelKey(level))!.get(50)).toHaveLength(a.summary[0]!.rounds);
});
