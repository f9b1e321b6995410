import { median } from 'simple-statistics';
import { expect, it } from 'vitest';
import { fabricateRecord } from '../testing/fabricate-record.js';
import { levelKey, recordRoundTaxes } from './trial-samples.js';

it('recomputes from the trials the same per-round taxes the record summary was made from (warm-up and invalid trials left out)', () => {
  const record = fabricateRecord({ seed: 61, rounds: 6, samplesPerTrial: 300, invalid: [{ round: 2, variant: 'mesh', slot: 0 }] });
  const levels = [{ profile: 'dedicated', rateRps: 500, newConnectionEvery: 0 }];
  const taxes = recordRoundTaxes(record, levels, [50, 90, 99]).get(levelKey(levels[0]!))!;
  for (const row of record.summary) {
    const rounds = taxes.get(row.percentile)!;
    expect(rounds).toHaveLength(row.rounds);
    expect(median(rounds.map((t) => t.taxUs))).toBe(row.taxUs);
  }
});
