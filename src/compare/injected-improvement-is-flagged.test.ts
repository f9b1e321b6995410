import { expect, it } from 'vitest';
import { DEFAULT_REGRESSION } from '../config/schema.js';
import { compareRecords } from './compare.js';
import { fabricateRecord } from '../testing/fabricate-record.js';

it('calls a tax that fell by 100 µs an improvement, not a regression', () => {
  const baseline = fabricateRecord({ seed: 21, extraMeshUs: 100 });
  const current = fabricateRecord({ seed: 22 });
  const c = compareRecords(baseline, current, { regression: DEFAULT_REGRESSION });
  expect(c.rows.map((r) => r.verdict)).toEqual(['improvement', 'improvement', 'improvement']);
  expect(c.verdict).toBe('improvement');
});
