import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../record/index.js';
import { DEFAULT_REGRESSION } from '../config/schema.js';
import { fabricateRecord } from '../testing/fabricate-record.js';
import { analyseHistory, historyEntry, MIN_NIGHTS_FOR_RUN_TO_RUN, runToRunSpread } from './history.js';

// Hand-made histories: how nights become series, what a change point's cause says, and which
// nights the run-to-run spread rests on.
const LEVEL = { profile: 'dedicated', rateRps: 500, newConnectionEvery: 0 };
type Row = HistoryEntry['rows'][number];
const night = (i: number, taxUs: number | null, over: Partial<HistoryEntry> = {}, row: Partial<Row> = {}): HistoryEntry => ({
  schemaVersion: 1, runId: `n${i}`, startedAt: `2026-01-${String(i + 1).padStart(2, '0')}T02:00:00.000Z`, scenario: 's', state: 'completed', envoyVersion: '1.30', fidelity: 'full', environment: 'm', quick: false, rounds: 8, confidence: 0.95,
  rows: [{ ...LEVEL, percentile: 50, taxUs, ciUs: taxUs === null ? [null, null] : [taxUs - 20, taxUs + 20], rounds: 8, noisy: false, ...row }],
  disturbances: [],
  ...over,
});
const stepAt12 = (i: number) => (i < 12 ? 250 : 300) + (i % 3);

describe('a history’s series', () => {
  it('orders nights by start, one series per level and percentile, skipping noisy nights and ones without a tax', () => {
    const entries = [night(2, 260), night(0, 250), night(1, null), night(3, 270, {}, { noisy: true }), night(4, 280, {}, { percentile: 99 })];
    const series = analyseHistory(entries);
    expect(series.map((s) => [s.percentile, s.points.map((p) => p.runId), s.skipped])).toEqual([
      [50, ['n0', 'n2'], 2],
      [99, ['n4'], 0],
    ]);
    expect(series[0]).toMatchObject({ ...LEVEL, percentile: 50, changePoints: [] });
    expect(series[0]!.points[1]).toEqual({ runId: 'n2', startedAt: '2026-01-03T02:00:00.000Z', taxUs: 260, envoyVersion: '1.30', environment: 'm' });
  });

  it('names the night after a change point, and no cause when nothing else changed', () => {
    const [s] = analyseHistory(Array.from({ length: 24 }, (_, i) => night(i, stepAt12(i))), { seed: 1 });
    expect(s!.changePoints).toHaveLength(1);
    expect(s!.changePoints[0]).toMatchObject({ index: 12, runId: 'n12', startedAt: '2026-01-13T02:00:00.000Z', cause: null, change: 50 });
  });

  it('gives an Envoy upgrade or a new machine at the change as its likely cause', () => {
    const entries = Array.from({ length: 24 }, (_, i) => night(i, stepAt12(i), i >= 12 ? { envoyVersion: '1.31', environment: 'm2' } : {}));
    expect(analyseHistory(entries, { seed: 1 })[0]!.changePoints[0]!.cause).toBe('Envoy 1.30 → 1.31; machine m → m2');
    const envoyOnly = Array.from({ length: 24 }, (_, i) => night(i, stepAt12(i), i >= 12 ? { envoyVersion: '1.31' } : {}));
    expect(analyseHistory(envoyOnly, { seed: 1 })[0]!.changePoints[0]!.cause).toBe('Envoy 1.30 → 1.31');
  });
});

describe('the run-to-run spread', () => {
  const like = { environment: 'm', envoyVersion: '1.30' };
  const row = { ...LEVEL, percentile: 50 };
  const taxes = [300, 340, 280, 360, 310, 330];
  const nights = taxes.map((t, i) => night(i, t));

  it('needs at least 5 comparable nights', () => {
    expect(MIN_NIGHTS_FOR_RUN_TO_RUN).toBe(5);
    expect(runToRunSpread(nights.slice(0, 4), row, like)).toBeNull();
    expect(runToRunSpread(nights.slice(0, 5), row, like)?.nights).toBe(5);
  });

  it('is the SD of the nights’ taxes, beside the RMS of their own SEs', () => {
    const se = 20 / 2.3646242510103; // each interval ±20 at t(0.975, 7)
    const variance = taxes.reduce((s, t) => s + (t - 320) ** 2, 0) / 5;
    expect(runToRunSpread(nights, row, like)).toMatchObject({ nights: 6, speed: null });
    expect(runToRunSpread(nights, row, like)!.spreadUs).toBeCloseTo(Math.sqrt(variance), 9);
    expect(runToRunSpread(nights, row, like)!.typicalSeUs).toBeCloseTo(se, 6);
    const flat = [320, 321, 320, 321, 320].map((t, i) => night(i, t));
    expect(runToRunSpread(flat, row, like)!.spreadUs).toBeCloseTo(Math.sqrt(0.3), 9);
  });

  it('leaves out nights that are not like the ones compared', () => {
    const others = [
      night(10, 900, { state: 'partial' }),
      night(11, 900, { quick: true }),
      night(12, 900, { environment: 'other' }),
      night(13, 900, { envoyVersion: '1.29' }),
      night(14, 900, {}, { noisy: true }),
      night(15, 900, {}, { rateRps: 1000 }),
      night(16, 900, {}, { percentile: 99 }),
      night(17, 900, {}, { rounds: 1 }),
      night(18, null),
    ];
    expect(runToRunSpread([...nights, ...others], row, like)).toEqual(runToRunSpread(nights, row, like));
    expect(runToRunSpread([...nights.slice(0, 4), ...others], row, like)).toBeNull();
  });
});

describe('a history entry', () => {
  it('carries the run’s identity, settings and rows', () => {
    const record = fabricateRecord({ seed: 81, rounds: 3, samplesPerTrial: 100, runId: 'r1', envoyVersion: '1.31.0' });
    const entry = historyEntry(record, DEFAULT_REGRESSION);
    expect(entry).toMatchObject({ schemaVersion: 1, runId: 'r1', startedAt: record.startedAt, scenario: record.scenario.name, state: 'completed', envoyVersion: '1.31.0', fidelity: record.fidelity.level, quick: false, rounds: 3, confidence: record.settings.confidence, disturbances: [] });
    expect(entry.environment).toContain('AMD EPYC');
    expect(entry.rows).toEqual(record.summary.map((r) => ({ ...LEVEL, percentile: r.percentile, taxUs: r.taxUs, ciUs: r.ciUs, rounds: r.rounds, baselineUs: r.baselineUs, noisy: false })));
  });
});
