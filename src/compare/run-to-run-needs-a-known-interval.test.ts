import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../record/index.js';
import { runToRunSpread } from './history.js';

// A night enters the run-to-run spread only when it has a tax and both ends of its interval (its SE
// comes from the interval's half-width), and at 2 rounds it still has one (t with 1 degree of freedom).
const LEVEL = { profile: 'dedicated', rateRps: 500, newConnectionEvery: 0 };
type Row = HistoryEntry['rows'][number];
const like = { environment: 'm', envoyVersion: '1.30' };
const row = { ...LEVEL, percentile: 50 };
const night = (i: number, r: Partial<Row>): HistoryEntry => ({
  schemaVersion: 1, runId: `n${i}`, startedAt: `2026-01-${String(i + 1).padStart(2, '0')}T02:00:00.000Z`, scenario: 's', state: 'completed', envoyVersion: '1.30', fidelity: 'full', environment: 'm', quick: false, rounds: 8, confidence: 0.95,
  rows: [{ ...LEVEL, percentile: 50, taxUs: 300, ciUs: [280, 320], rounds: 8, noisy: false, ...r }],
  disturbances: [],
});
const T_975_1 = 12.706204736174705; // t(0.975, 1 df)

describe('the nights the run-to-run spread rests on', () => {
  const base = [300, 340, 280, 360, 310].map((taxUs, i) => night(i, { taxUs, ciUs: [taxUs - 20, taxUs + 20] }));

  it('leave out a night with an unknown end of its interval or no tax', () => {
    const unknown = [night(10, { taxUs: 900, ciUs: [null, 920] }), night(11, { taxUs: 900, ciUs: [880, null] }), night(12, { taxUs: null, ciUs: [880, 920] })];
    expect(runToRunSpread([...base.slice(0, 4), ...unknown], row, like)).toBeNull();
    expect(runToRunSpread([...base, ...unknown], row, like)).toEqual(runToRunSpread(base, row, like));
  });

  it('count a night of 2 rounds, its SE its half-width over t(0.975, 1)', () => {
    // five nights of 2 rounds, taxes 300..340 (sample variance 250), each ±127.06 µs: SE 10 µs, so τ² = 250 − 100
    const two = [300, 310, 320, 330, 340].map((taxUs, i) => night(i, { taxUs, ciUs: [taxUs - 10 * T_975_1, taxUs + 10 * T_975_1], rounds: 2 }));
    const spread = runToRunSpread(two, row, like)!;
    expect(spread.nights).toBe(5);
    expect(spread.spreadUs).toBeCloseTo(Math.sqrt(250), 6);
    expect(spread.typicalSeUs).toBeCloseTo(10, 6);
  });
});
