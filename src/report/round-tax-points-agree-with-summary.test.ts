import { median } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { roundTaxPoints } from './model.js';
import { fixtureRecord } from '../testing/records.js';

describe('per-round tax points', () => {
  it('have the summary tax as their median (the scatter shows what the table reports)', () => {
    const record = fixtureRecord();
    const points = roundTaxPoints(record);
    for (const row of record.summary) {
      const taxes = points.filter((p) => p.percentile === row.percentile && p.profile === row.profile).map((p) => p.taxUs);
      expect(taxes.length).toBe(row.rounds);
      expect(median(taxes)).toBeCloseTo(row.taxUs!, 6);
    }
  });
});
