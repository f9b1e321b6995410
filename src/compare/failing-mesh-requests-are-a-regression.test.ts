import { describe, expect, it } from 'vitest';
import { DEFAULT_REGRESSION } from '../config/schema.js';
import { BenchConfigSchema } from '../config/index.js';
import { summarizeRun } from '../summary/index.js';
import { fabricateRecord } from '../testing/fabricate-record.js';
import { compareRecords } from './compare.js';
import { historyEntry } from './history.js';

// Issue 12 §3: a regression that makes 3% of mesh requests fail. The load agent marks those
// trials invalid ("requests failed"), but failed requests are what the mesh costs.
describe('mesh requests that fail', () => {
  const baseline = fabricateRecord({ seed: 41, samplesPerTrial: 500 });
  const current = fabricateRecord({ seed: 42, samplesPerTrial: 500, meshFailedShare: 0.03 });

  it('are a regression at the tail, never a noisy night', () => {
    const c = compareRecords(baseline, current, { regression: DEFAULT_REGRESSION, permutations: 500 });
    const p99 = c.rows.find((r) => r.percentile === 99)!;
    expect(p99.verdict, p99.reason).toBe('regression');
    expect(c.verdict).toBe('regression');
    expect(c.rows.every((r) => r.verdict !== 'noisy')).toBe(true);
  });

  it('keep the night in the history', () => {
    expect(historyEntry(current, DEFAULT_REGRESSION).rows.every((r) => !r.noisy)).toBe(true);
  });

  it('make the run FAIL its budget at p99', () => {
    const config = BenchConfigSchema.parse({ percentiles: [50, 99], verdictPercentiles: [50, 99], bootstrapResamples: 300 });
    const { summary, verdict } = summarizeRun(current.trials, config, 1);
    const p99 = summary.find((r) => r.percentile === 99)!;
    expect(p99.verdict).toBe('FAIL');
    expect(p99.flags).toContain('mesh-requests-failed:20');
    expect(verdict).toBe('FAIL');
  });
});
