import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../record/index.js';
import { recentDisturbance } from './history.js';

// Ten nights by hand, the disturbed ones at p50 marked; one from another machine, one quick, one
// partial and one at another level, none of which count.
const LEVEL = { profile: 'dedicated', rateRps: 500, newConnectionEvery: 0 };
const like = { environment: 'm', envoyVersion: 'e' };
const row = { ...LEVEL, percentile: 50 };

function night(i: number, noisy: boolean, kind: Partial<HistoryEntry> = {}, rateRps = 500): HistoryEntry {
  return {
    schemaVersion: 1, runId: `n${i}`, startedAt: `2026-01-${String(i + 1).padStart(2, '0')}T02:00:00Z`, scenario: 's', state: 'completed', envoyVersion: 'e', fidelity: 'full', environment: 'm', quick: false, rounds: 8, confidence: 0.95,
    rows: [{ ...LEVEL, rateRps, percentile: 50, taxUs: 300, ciUs: [280, 320], rounds: 8, noisy }],
    disturbances: [],
    ...kind,
  };
}

describe('recent disturbance at a row', () => {
  const disturbedFirst = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => night(i, i < 6));

  it('counts the disturbed among the latest comparable nights, oldest dropped first', () => {
    expect(recentDisturbance(disturbedFirst, row, like, 20)).toEqual({ nights: 10, disturbed: 6 });
    expect(recentDisturbance(disturbedFirst, row, like, 4)).toEqual({ nights: 4, disturbed: 0 });
    expect(recentDisturbance([...disturbedFirst].reverse(), row, like, 5)).toEqual({ nights: 5, disturbed: 1 });
  });

  it('leaves out other machines, quick and partial nights, and other levels', () => {
    const others = [night(20, true, { environment: 'x' }), night(21, true, { quick: true }), night(22, true, { state: 'partial' }), night(23, true, {}, 1000)];
    expect(recentDisturbance([...disturbedFirst, ...others], row, like, 4)).toEqual({ nights: 4, disturbed: 0 });
  });
});
