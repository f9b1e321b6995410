import { describe, expect, it } from 'vitest';
import { DEFAULT_REGRESSION } from '../../config/schema.js';
import { compareRecords, type Comparison } from '../../compare/index.js';
import { fabricateRecord } from '../../testing/fabricate-record.js';
import { whatToDo } from './advice.js';

// A cant-tell row either names the rounds that would settle it, or says no number of rounds will
// (the rest of the variance — how much runs differ — is wider than the room): then it must not
// send the reader off to re-run with more rounds.
const base = compareRecords(fabricateRecord({ seed: 95, samplesPerTrial: 300 }), fabricateRecord({ seed: 96, samplesPerTrial: 300 }), { regression: DEFAULT_REGRESSION, permutations: 200 });

function withRows(extra: (percentile: number) => number | null | 'no-change'): Comparison {
  const rows = base.rows.map((r) => {
    const e = extra(r.percentile);
    return e === 'no-change' ? { ...r, verdict: 'no-change' as const, extraRounds: null } : { ...r, verdict: 'cant-tell' as const, extraRounds: e };
  });
  const extras = rows.flatMap((r) => (r.extraRounds === null ? [] : [r.extraRounds]));
  return { ...base, rows, verdict: 'cant-tell', extraRounds: extras.length > 0 ? Math.max(...extras) : null };
}

describe('what to do about a cant-tell', () => {
  it('names the rounds for the rows that rounds settle, and says the rest cannot be settled by rounds', () => {
    const lines = whatToDo(withRows((p) => (p === 99 ? null : p === 90 ? 6 : 'no-change')));
    expect(lines).toContain(`Can't tell at dedicated @ 500 rps p90. Re-run with 6 more rounds: npm run bench -- --scenario mtls-strict --rounds ${base.current.rounds + 6}.`);
    const notByRounds = lines.find((l) => l.startsWith("Can't tell at dedicated @ 500 rps p99, and more rounds of this run cannot settle it"));
    expect(notByRounds).toBeDefined();
    expect(notByRounds).toContain('--against-history');
    expect(lines.filter((l) => l.includes('p99')).every((l) => !l.includes('Re-run with'))).toBe(true);
  });

  it('never tells the reader to re-run with more rounds when no row can be settled that way', () => {
    const lines = whatToDo(withRows(() => null));
    expect(lines.some((l) => l.includes('Re-run with') || l.includes('extra rounds are off'))).toBe(false);
    expect(lines.some((l) => l.startsWith("Can't tell at dedicated @ 500 rps p50, dedicated @ 500 rps p90, dedicated @ 500 rps p99, and more rounds"))).toBe(true);
  });

  it('still says extra rounds are off when the configuration bounds them at 0', () => {
    expect(whatToDo(withRows(() => 0))).toContain("Can't tell at dedicated @ 500 rps p50, dedicated @ 500 rps p90, dedicated @ 500 rps p99, and extra rounds are off (regression.maxExtraRounds = 0).");
  });
});
