/**
 * Tonight against the history at its edges, on history lines written by hand: a night that did
 * not run a level, an interval known at one end only, each level's own speed, and a run too short
 * for an interval. The main cases are in against-history-by-hand.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_REGRESSION, type RegressionSettings } from '../config/schema.js';
import type { HistoryEntry } from '../record/index.js';
import { fabricateRecord } from '../testing/fabricate-record.js';
import { compareWithHistory, type HistoryComparison } from './against-history.js';
import { historyEntry } from './history.js';
import { runTaxes } from './merged-change.js';
import { DEFAULT_RESAMPLES } from '../stats/bootstrap-ci.js';
import { measuredTrials } from './trial-samples.js';

const tonightRecord = (rounds = 10) => fabricateRecord({ seed: 130, rounds, samplesPerTrial: 400, ratesRps: [500, 1000], runId: 'tonight', startedAt: '2026-02-01T02:00:00.000Z' });
const TONIGHT = tonightRecord();
const LIKE = historyEntry(TONIGHT, DEFAULT_REGRESSION);
const P50_TAXES = [250, 290, 230, 270, 260, 300, 240, 280];
const SPEEDS = [180, 200, 170, 190, 185, 210, 175, 195];
const PLAIN_SD_US = Math.sqrt(600 * (1 + 1 / 8));
type Row = HistoryEntry['rows'][number];

/** Night i: the p50 tax of P50_TAXES at every row, an interval of `halfUs` either side (0: SE 0), a speed at each level's p50. */
function night(i: number, change: (r: Row) => Partial<Row> = () => ({})): HistoryEntry {
  const rows = LIKE.rows.map((r): Row => {
    const taxUs = P50_TAXES[i % 8]!;
    return { ...r, taxUs, ciUs: [taxUs, taxUs], rounds: 10, baselineUs: r.percentile === 50 ? SPEEDS[i % 8]! : null, noisy: false, ...change(r) };
  });
  return { ...LIKE, runId: `night-${i}`, startedAt: new Date(Date.UTC(2026, 0, 1 + i, 2)).toISOString(), rows };
}
const SETTINGS: RegressionSettings = { ...DEFAULT_REGRESSION, minEffectUs: 50, minEffectPct: 10 };
const compared = (entries: readonly HistoryEntry[], tonight = TONIGHT): HistoryComparison => compareWithHistory(tonight, entries, { regression: SETTINGS });
const row = (c: HistoryComparison, percentile: number, rateRps = 500) => c.rows.find((r) => r.percentile === percentile && r.rateRps === rateRps)!;
const noSpeed = (): Partial<Row> => ({ baselineUs: null });

describe('compare --against-history at its edges', () => {
  it('a night that did not run a level counts at the levels it ran', () => {
    const only500 = { ...night(8), rows: night(8).rows.filter((r) => r.rateRps === 500) };
    const c = compared([...Array.from({ length: 8 }, (_, i) => night(i)), only500]);
    expect([row(c, 50).prediction!.nights, row(c, 50, 1000).prediction!.nights]).toEqual([9, 8]);
  });

  it('an interval known at one end only gives the night no SE, so nothing of tonight\'s variance is added', () => {
    const precise = Array.from({ length: 7 }, (_, i) => night(i, noSpeed));
    expect(row(compared([...precise, night(7, noSpeed)]), 50).prediction!.sdUs).toBeGreaterThan(PLAIN_SD_US + 0.5);
    // ends near 0, so that reading the missing end as 0 would give a small SE and widen the interval
    for (const ciUs of [[null, 1], [-1, null]] as [number | null, number | null][]) {
      const c = compared([...precise, night(7, () => ({ ...noSpeed(), ciUs }))]);
      expect(row(c, 50).prediction!.sdUs).toBeCloseTo(PLAIN_SD_US, 9);
    }
  });

  it('reads each level\'s speed at that level: nights slower at 1000 rps than tonight are not adjusted for there', () => {
    const c = compared(Array.from({ length: 8 }, (_, i) => night(i, (r) => (r.rateRps === 1000 && r.percentile === 50 ? { baselineUs: SPEEDS[i]! + 500 } : {}))));
    expect(row(c, 99).prediction).toMatchObject({ method: 'speed-adjusted', note: null });
    expect(row(c, 99, 1000).prediction).toMatchObject({ method: 'nights-mean' });
    expect(row(c, 99, 1000).prediction!.note).toMatch(/^tonight's baseline p50, \d+ µs, lies outside the 650–730 µs the nights' 670–710 µs reach/);
  });

  it('tonight of 4 rounds: too few to compare, however many nights', () => {
    const c = compared(Array.from({ length: 8 }, (_, i) => night(i, noSpeed)), tonightRecord(4));
    expect(row(c, 50)).toMatchObject({ verdict: 'cant-tell', reason: expect.stringMatching(/^too few rounds to compare \(baseline 8, current 4; at least 5 each\)/) });
  });

  it('tonight\'s SE is its rounds\' bootstrap SE with the default resamples (at p90 it exceeds the jackknife\'s)', () => {
    const c = compared(Array.from({ length: 8 }, (_, i) => night(i, noSpeed)));
    const tonightSeUs = Math.sqrt(row(c, 90).prediction!.sdUs ** 2 - PLAIN_SD_US ** 2);
    const level = { profile: 'dedicated', rateRps: 500, newConnectionEvery: 0 };
    // another seed moves it by about 0.05 µs; the jackknife alone gives 4.03 µs here
    const bootstrapSeUs = runTaxes(measuredTrials(TONIGHT, level), [90], { resamples: DEFAULT_RESAMPLES, seed: 7 }).seUs[0]!;
    expect(Math.abs(tonightSeUs - bootstrapSeUs)).toBeLessThan(0.2);
    expect(bootstrapSeUs).toBeGreaterThan(4.3);
  });

  it('nights without a p50 row have no speed: not adjusted for, said so', () => {
    const withoutP50 = Array.from({ length: 8 }, (_, i) => ({ ...night(i), rows: night(i).rows.filter((r) => r.percentile !== 50) }));
    const c = compared(withoutP50);
    expect(row(c, 99).prediction).toMatchObject({ method: 'nights-mean', nights: 8, note: 'a night without its baseline p50' });
  });
});
