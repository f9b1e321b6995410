import { describe, expect, it } from 'vitest';
import { BenchConfigSchema } from '../config/index.js';
import { fabricateRecord } from '../testing/fabricate-record.js';
import { summarizeRun } from './rows.js';

// Issue 12 §1: 14 rounds × 1000 requests; in 3 rounds 5% of mesh requests take +20 ms. Merged over
// the run, 1.07% of mesh requests stalled, so the true p99 tax is about 20 ms.
describe('a stall in 3 of 14 rounds', () => {
  const record = fabricateRecord({ seed: 12, rounds: 14, samplesPerTrial: 1000, meshStall: { rounds: [2, 7, 11], share: 0.05, extraUs: 20_000 } });
  const config = BenchConfigSchema.parse({ percentiles: [50, 99], verdictPercentiles: [50, 99], bootstrapResamples: 500 });
  const { summary, verdict } = summarizeRun(record.trials, config, 1);
  const p99 = summary.find((r) => r.percentile === 99)!;

  it('is in the p99 tax (merged histograms), not averaged away', () => {
    expect(p99.taxUs).toBeGreaterThan(15_000);
    expect(p99.verdict).not.toBe('PASS');
    expect(verdict).not.toBe('PASS');
  });

  it('leaves the p50 tax where it was', () => {
    const p50 = summary.find((r) => r.percentile === 50)!;
    expect(p50.taxUs).toBeGreaterThan(200);
    expect(p50.taxUs).toBeLessThan(320);
  });

  it('prints baseline and mesh columns that subtract to the tax', () => {
    for (const row of summary) expect(row.meshUs - row.baselineUs).toBeCloseTo(row.taxUs, 6);
  });
});
