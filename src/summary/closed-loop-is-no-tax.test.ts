import { describe, expect, it } from 'vitest';
import { BenchConfigSchema } from '../config/index.js';
import { fabricateRecord } from '../testing/fabricate-record.js';
import { summarizeRun } from './rows.js';

describe('closed-loop trials', () => {
  it('never give a tax verdict: every row is INCONCLUSIVE and flagged closed-loop', () => {
    const record = fabricateRecord({ seed: 3, rounds: 6, samplesPerTrial: 400 });
    const config = BenchConfigSchema.parse({});
    const open = summarizeRun(record.trials, config, 1);
    expect(open.summary.some((r) => r.verdict !== 'INCONCLUSIVE')).toBe(true);
    const closed = record.trials.map((t) => ({ ...t, load: { ...t.load, model: 'closed' as const } }));
    const rows = summarizeRun(closed, config, 1).summary;
    expect(rows.every((r) => r.verdict === 'INCONCLUSIVE' && r.flags.includes('closed-loop'))).toBe(true);
  });
});
