import { describe, expect, it } from 'vitest';
import type { ResultRecord } from '../record/schema.js';
import { fixtureRecord, passingRecord } from '../testing/records.js';
import { verdictStatement } from './words.js';

function failing(): ResultRecord {
  const base = passingRecord();
  return { ...base, verdict: 'FAIL', summary: base.summary.map((r) => (r.percentile === 99 ? { ...r, taxUs: 2600, ciUs: [2300, 2900], verdict: 'FAIL' as const } : r)) };
}

describe('the verdict in plain words', () => {
  it('PASS names the tightest percentile, its range and the budget', () => {
    const s = verdictStatement(passingRecord());
    expect(s.headline).toMatch(/^PASS — the sidecars stay within the 2\.00 ms latency budget/);
    expect(s.reasons).toEqual([expect.stringContaining('p99: the mesh adds 300 µs')]);
    expect(s.reasons[0]).toContain('95% sure it lies between 250 µs and 400 µs, all of it within the 2.00 ms budget');
    expect(s.advice).toEqual([]);
  });

  it('FAIL names the failing percentile and says the whole range is above the budget', () => {
    const s = verdictStatement(failing());
    expect(s.headline).toMatch(/^FAIL/);
    expect(s.reasons).toEqual([expect.stringContaining('all of it above the 2.00 ms budget')]);
  });

  it('INCONCLUSIVE says why and what to do', () => {
    const s = verdictStatement(fixtureRecord());
    expect(s.headline).toMatch(/^INCONCLUSIVE — this run cannot tell/);
    expect(s.reasons.join(' ')).toContain('reaches past the 2.00 ms budget');
    expect(s.advice.join(' ')).toContain('--rounds');
  });

  it('never says a range clear of zero "cannot be told from zero" (issue 12 §5: +872 … +9838 µs beside a ±2.25 ms floor)', () => {
    const base = fixtureRecord();
    const record = { ...base, summary: base.summary.map((r) => (r.percentile === 99 ? { ...r, taxUs: 1800, ciUs: [872, 9838] as [number, number], noiseFloorUs: 2250, flags: [] } : r)) };
    const p99 = verdictStatement(record).reasons.find((x) => x.includes('p99'))!;
    expect(p99).toContain('between 872 µs and 9.84 ms');
    expect(p99).not.toMatch(/cannot be told from zero/);
    expect(p99).toContain('noise floor (baseline against itself) is ±2.25 ms');
  });

  it('says when the range is unknown', () => {
    const base = fixtureRecord();
    const record = { ...base, summary: base.summary.map((r) => ({ ...r, ciUs: [null, null] as [null, null], flags: ['too-few-rounds'] })) };
    expect(verdictStatement(record).reasons[0]).toContain('how far it could be off is unknown (too few valid rounds for a verdict)');
  });

  it('says what the sidecars cost when the probes measured it', () => {
    expect(verdictStatement(fixtureRecord()).costs[0]).toMatch(/^On dedicated nodes the client and server sidecars used \d+ millicores of CPU/);
  });
});
