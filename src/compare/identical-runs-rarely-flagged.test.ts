import { expect, it } from 'vitest';
import { DEFAULT_REGRESSION } from '../config/schema.js';
import { compareRecords } from './compare.js';
import { fabricateRecord } from '../testing/fabricate-record.js';

it('flags no regression in at least 19 of 20 seeded A/A comparisons (same distribution, different seeds)', () => {
  const repeats = 20;
  let comparisonsFlagged = 0;
  let rowsFlagged = 0;
  let rows = 0;
  const verdicts: Record<string, number> = {};
  for (let r = 0; r < repeats; r++) {
    const baseline = fabricateRecord({ seed: 1000 + 2 * r, samplesPerTrial: 500 });
    const current = fabricateRecord({ seed: 1001 + 2 * r, samplesPerTrial: 500 });
    const c = compareRecords(baseline, current, { regression: DEFAULT_REGRESSION, permutations: 2000 });
    if (c.rows.some((row) => row.verdict === 'regression')) comparisonsFlagged++;
    for (const row of c.rows) {
      rows++;
      verdicts[row.verdict] = (verdicts[row.verdict] ?? 0) + 1;
      if (row.verdict === 'regression') rowsFlagged++;
    }
  }
  console.info(`A/A: ${comparisonsFlagged}/${repeats} comparisons and ${rowsFlagged}/${rows} rows flagged as regression; verdicts ${JSON.stringify(verdicts)}`);
  expect(comparisonsFlagged).toBeLessThanOrEqual(1);
  expect(verdicts.improvement ?? 0).toBeLessThanOrEqual(1);
});
