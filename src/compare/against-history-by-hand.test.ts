/**
 * Tonight against the history, on one fabricated run (real histograms, two load levels) and history
 * lines written by hand, so every night's tax, interval, speed and kind is known: which nights a
 * prediction rests on, which of tonight's figures it is compared with, and how the row is decided.
 * The prediction's own arithmetic is checked in history-prediction-by-hand.test.ts.
 *
 * The nights' p50 taxes at 500 rps are 250 290 230 270 260 300 240 280 (mean 265, SD 24.495; the
 * SD of a new night about their mean, 24.495·√(1 + 1/8) = 25.981, with t at 7 df); p90 is 3 µs and
 * p99 28 µs above, and the 1000 rps level 500 µs above the 500 rps one.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_REGRESSION, type RegressionSettings } from '../config/schema.js';
import type { HistoryEntry } from '../record/index.js';
import { fabricateRecord } from '../testing/fabricate-record.js';
import { compareWithHistory, DEFAULT_HISTORY_WINDOW, type HistoryComparison } from './against-history.js';
import { historyEntry } from './history.js';

const TONIGHT_STARTED = '2026-02-01T02:00:00.000Z';
const tonightRecord = (spec: Partial<Parameters<typeof fabricateRecord>[0]> = {}) =>
  fabricateRecord({ seed: 130, samplesPerTrial: 400, ratesRps: [500, 1000], runId: 'tonight', startedAt: TONIGHT_STARTED, ...spec });
const TONIGHT = tonightRecord();
const LIKE = historyEntry(TONIGHT, DEFAULT_REGRESSION);

const P50_TAXES = [250, 290, 230, 270, 260, 300, 240, 280];
const SPEEDS = [180, 200, 170, 190, 185, 210, 175, 195];
const PLAIN_SD_US = Math.sqrt(600 * (1 + 1 / 8));
const OFFSET_US: Record<number, number> = { 50: 0, 90: 3, 99: 28 };
/** t(0.975, 9) and t(0.975, 1): a 95% interval's half-width over its SE at 10 and 2 rounds. */
const T_975 = { 9: 2.2621571627982, 1: 12.706204736174 };

interface NightSpec {
  readonly taxUs?: number;
  /** The night's SE, as its 95% interval over `rounds` shows it; null: no interval. */
  readonly seUs?: number | null;
  readonly rounds?: 10 | 2 | 1;
  readonly speedUs?: number | null;
  readonly noisyAt?: number;
  readonly nullTaxAt?: number;
}

/** Night i (started i days after 2026-01-01), like tonight unless `kind` says otherwise. */
function night(i: number, spec: NightSpec = {}, kind: Partial<HistoryEntry> = {}): HistoryEntry {
  const { taxUs = P50_TAXES[i % 8]!, seUs = 100, rounds = 10, speedUs = null } = spec;
  const half = seUs === null ? null : seUs * (rounds === 1 ? 1 : T_975[rounds === 2 ? 1 : 9]);
  const rows = LIKE.rows.map((r) => {
    const tax = taxUs + OFFSET_US[r.percentile]! + (r.rateRps === 1000 ? 500 : 0);
    return {
      ...r,
      taxUs: spec.nullTaxAt === r.percentile ? null : tax,
      ciUs: (half === null ? [null, null] : [tax - half, tax + half]) as [number | null, number | null],
      rounds,
      baselineUs: r.percentile === 50 ? speedUs : 5000,
      noisy: spec.noisyAt === r.percentile,
    };
  });
  // the p50 row last, so a speed read from the first row of a level would be the wrong one
  const ordered = [...rows.filter((r) => r.percentile !== 50), ...rows.filter((r) => r.percentile === 50)];
  return { ...LIKE, runId: `night-${i}`, startedAt: new Date(Date.UTC(2026, 0, 1 + i, 2)).toISOString(), confidence: 0.95, rows: ordered, ...kind };
}

const eight = (spec: (i: number) => NightSpec = () => ({})) => Array.from({ length: 8 }, (_, i) => night(i, spec(i)));
const SETTINGS: RegressionSettings = { ...DEFAULT_REGRESSION, minEffectUs: 50, minEffectPct: 10 };
const compared = (entries: readonly HistoryEntry[], options: { window?: number; confidence?: number; regression?: RegressionSettings } = {}, tonight = TONIGHT): HistoryComparison =>
  compareWithHistory(tonight, entries, { regression: SETTINGS, ...options });
const row = (c: HistoryComparison, percentile: number, rateRps = 500) => c.rows.find((r) => r.percentile === percentile && r.rateRps === rateRps)!;

describe('compare --against-history, on history lines written by hand', () => {
  it('one row per row of tonight\'s summary, with tonight\'s tax as its own summary has it, against the mean of its level\'s nights', () => {
    const c = compared(eight());
    expect(c).toMatchObject({ scenario: 'mtls-strict', runId: 'tonight', environment: LIKE.environment, envoyVersion: LIKE.envoyVersion, window: DEFAULT_HISTORY_WINDOW });
    expect(c.rows.map((r) => [r.profile, r.rateRps, r.percentile])).toEqual(TONIGHT.summary.map((r) => [r.profile, r.rateRps, r.percentile]));
    for (const [i, r] of c.rows.entries()) {
      expect(Math.abs(r.currentTaxUs! - TONIGHT.summary[i]!.taxUs!)).toBeLessThanOrEqual(0.5);
      expect(r.prediction).toMatchObject({ method: 'nights-mean', nights: 8, df: 7 });
      expect(r.prediction!.predictedTaxUs).toBeCloseTo(265 + OFFSET_US[r.percentile]! + (r.rateRps === 1000 ? 500 : 0), 9);
      expect(r.prediction!.changeUs).toBeCloseTo(r.currentTaxUs! - r.prediction!.predictedTaxUs, 9);
      expect(r.prediction!.sdUs).toBeCloseTo(PLAIN_SD_US, 6);
      expect(r.reason).toMatch(/; predicted from the mean of 8 nights \(not adjusted for speed: a night without its baseline p50\)$/);
      expect(r.noise).toEqual([]);
    }
    // the 1000 rps level's taxes are not the 500 rps level's
    expect(row(c, 50, 1000).currentTaxUs).not.toBeCloseTo(row(c, 50).currentTaxUs!, 0);
  });

  it('leaves out nights of another scenario, machine, Envoy or fidelity, partial, quick, tonight itself and later runs', () => {
    const unlike = (i: number, kind: Partial<HistoryEntry>) => night(i, { taxUs: 9000 }, kind);
    const others = [
      unlike(20, { scenario: 'mtls-permissive' }),
      unlike(21, { environment: 'another machine' }),
      unlike(22, { envoyVersion: '1.0.0' }),
      unlike(23, { fidelity: 'reduced' }),
      unlike(24, { state: 'partial' }),
      unlike(25, { quick: true }),
      unlike(26, { runId: 'tonight', startedAt: '2026-01-20T02:00:00.000Z' }),
      unlike(27, { startedAt: TONIGHT_STARTED }),
      unlike(28, { startedAt: '2026-03-01T02:00:00.000Z' }),
    ];
    const c = compared([...others, ...eight()]);
    for (const r of c.rows) expect(r.prediction).toMatchObject({ nights: 8, method: 'nights-mean' });
    expect(row(c, 50).prediction!.predictedTaxUs).toBeCloseTo(265, 9);
  });

  it('rests on the latest `window` nights by start time, whatever the order of the lines; 20 by default', () => {
    // nights 0–11 with taxes 100·i: the latest five are 7–11, mean 900
    const twelve = Array.from({ length: 12 }, (_, i) => night(i, { taxUs: 100 * i }));
    const shuffled = [twelve[9]!, twelve[2]!, twelve[11]!, twelve[0]!, twelve[7]!, twelve[5]!, twelve[10]!, twelve[1]!, twelve[8]!, twelve[3]!, twelve[6]!, twelve[4]!];
    const c = compared(shuffled, { window: 5 });
    expect(c.window).toBe(5);
    expect(row(c, 50).prediction).toMatchObject({ nights: 5 });
    expect(row(c, 50).prediction!.predictedTaxUs).toBeCloseTo(900, 9);
    const many = compared(Array.from({ length: 25 }, (_, i) => night(i)));
    expect(many.rows.map((r) => r.prediction!.nights)).toEqual(many.rows.map(() => 20));
  });

  it('a night noisy at a row, or without a tax there, is left out of that row only', () => {
    const c = compared([...eight(), night(8, { noisyAt: 99 }), night(9, { nullTaxAt: 90 })]);
    expect([row(c, 50), row(c, 90), row(c, 99)].map((r) => r.prediction!.nights)).toEqual([10, 9, 9]);
  });

  it('adjusts for the machine\'s speed by each night\'s baseline p50 at the level, for every percentile', () => {
    const c = compared(eight((i) => ({ speedUs: SPEEDS[i]! })));
    const tonightSpeed = TONIGHT.summary.find((r) => r.percentile === 50 && r.rateRps === 500)!.baselineUs!;
    expect(tonightSpeed).toBeGreaterThan(170);
    expect(tonightSpeed).toBeLessThan(210);
    for (const r of c.rows) {
      // the nights' SEs are known: the weighted line's Welch–Satterthwaite df, below the unweighted n − 2
      // (history-prediction-weighs-each-night.test.ts)
      expect(r.prediction).toMatchObject({ method: 'speed-adjusted', nights: 8, note: null });
      expect(r.prediction!.df).toBeLessThan(6);
      expect(r.reason).toMatch(/; predicted from 8 nights, adjusted for the machine's speed$/);
    }
  });

  it('widens tonight\'s interval by the excess of its own variance over the nights\', each night\'s SE read from its interval', () => {
    const sdAt = (spec: NightSpec, percentile = 50) => row(compared(eight(() => spec)), percentile).prediction!.sdUs;
    // nights as precise as tonight or more so: the plain SD; nights of SE 0: tonight's whole variance is added
    expect(sdAt({ seUs: 100 })).toBeCloseTo(PLAIN_SD_US, 9);
    const allOfTonight = sdAt({ seUs: 0 }) ** 2 - PLAIN_SD_US ** 2;
    expect(allOfTonight).toBeGreaterThan(9);
    // nights of SE 3 µs (from 10 or from 2 rounds): 3² less of tonight's variance is added
    expect(sdAt({ seUs: 3 }) ** 2).toBeCloseTo(PLAIN_SD_US ** 2 + allOfTonight - 9, 6);
    expect(sdAt({ seUs: 3, rounds: 2 }) ** 2).toBeCloseTo(PLAIN_SD_US ** 2 + allOfTonight - 9, 6);
    // a night of one round, or without an interval, has no SE: nothing is added
    expect(sdAt({ seUs: 0, rounds: 1 })).toBeCloseTo(PLAIN_SD_US, 9);
    expect(sdAt({ seUs: null })).toBeCloseTo(PLAIN_SD_US, 9);
    const oneUnknown = compared([...eight(() => ({ seUs: 0 })).slice(1), night(0, { seUs: null })]);
    expect(row(oneUnknown, 50).prediction!.sdUs).toBeCloseTo(PLAIN_SD_US, 9);
    // the night's interval read at its own confidence: a 90% interval of the same width is a larger SE
    const at90 = compared(eight(() => ({ seUs: 3 })).map((e) => ({ ...e, confidence: 0.9 })));
    expect(row(at90, 50).prediction!.sdUs ** 2).toBeLessThan(PLAIN_SD_US ** 2 + allOfTonight - 9 - 1);
  });

  it('the interval is at tonight\'s stated confidence, as compare A B judges, unless a confidence is given', () => {
    const half = (c: HistoryComparison) => (row(c, 50).prediction!.ciUs[1] - row(c, 50).prediction!.ciUs[0]) / 2;
    const byDefault = compared(eight());
    expect(TONIGHT.settings.confidence).toBe(0.95);
    expect(byDefault.settings).toEqual({ alpha: 0.01, minEffectUs: 50, minEffectPct: 10, noChangeBandUs: { '50': 100, '90': 200, '99': 1000, '99.9': 2000 }, confidence: 0.95 });
    // t(0.975, 7) = 2.364624, t(0.995, 7) = 3.499483, t(0.95, 7) = 1.894579
    expect(half(byDefault)).toBeCloseTo(2.364624 * PLAIN_SD_US, 3);
    // a stopped run's stated confidence, not its looks' corrected one
    const stopped = tonightRecord({ runId: 'stopped' });
    const sequential = { ...stopped, settings: { ...stopped.settings, confidence: 0.99 }, stopping: { ...(stopped.stopping ?? {}), confidence: 0.95 } } as typeof stopped;
    expect(half(compared(eight(), {}, sequential))).toBeCloseTo(2.364624 * PLAIN_SD_US, 3);
    expect(half(compared(eight(), {}, { ...stopped, settings: { ...stopped.settings, confidence: 0.99 } }))).toBeCloseTo(3.499483 * PLAIN_SD_US, 3);
    const at90 = compared(eight(), { confidence: 0.9 });
    expect(at90.settings.confidence).toBe(0.9);
    expect(half(at90)).toBeCloseTo(1.894579 * PLAIN_SD_US, 3);
  });

  it('a regression still needs p ≤ alpha: a night outside the 95% interval but not the 99% one is can\'t tell', () => {
    // the nights 75 µs below tonight, SD of a new night 25.981 on 7 df: t = 2.89, p ≈ 0.023 (outside ±2.365, inside ±3.499)
    const tonightP50 = row(compared(eight()), 50).currentTaxUs!;
    const below = eight((i) => ({ taxUs: P50_TAXES[i]! - 265 + tonightP50 - 75 }));
    const r = row(compared(below, { regression: { ...DEFAULT_REGRESSION, minEffectUs: 10, minEffectPct: 0 } }), 50);
    expect(r.prediction!.changeUs).toBeCloseTo(75, 6);
    expect(r.prediction!.ciUs[0]).toBeGreaterThan(0);
    expect(r.prediction!.pValue).toBeGreaterThan(0.01);
    expect(r.verdict).toBe('cant-tell');
  });

  it('fewer than 5 nights at a row: can\'t tell, saying how many there were', () => {
    const c = compared(eight().slice(0, 4));
    for (const r of c.rows) {
      expect(r).toMatchObject({ prediction: null, verdict: 'cant-tell', minEffectUs: 50, reason: '4 comparable night(s) in the history at this row; a prediction needs 5' });
    }
    expect(c.verdict).toBe('cant-tell');
  });

  it('tonight 400 µs slower in the mesh: a regression, its floor the larger of minEffectUs and minEffectPct of the prediction', () => {
    const slower = tonightRecord({ extraMeshUs: 400 });
    const c = compared(eight(), {}, slower);
    expect(row(c, 50)).toMatchObject({ verdict: 'regression', minEffectUs: 50 });
    expect(c.verdict).toBe('regression');
    const relative = compared(eight(), { regression: { ...SETTINGS, minEffectPct: 40 } }, slower);
    expect(row(relative, 50).minEffectUs).toBeCloseTo(0.4 * 265, 9);
    expect(row(relative, 50, 1000).minEffectUs).toBeCloseTo(0.4 * 765, 9);
    expect(row(relative, 50).reason).toMatch(/^the tax grew by \d+ µs \(p = [^)]+ ≤ 0\.01\), more than the 106 µs that matters; predicted from the mean of 8 nights/);
  });

  it('a run the machine disturbed is noisy, not judged like a quiet one', () => {
    const c = compared(eight(), {}, tonightRecord({ scheduleLagP99Us: 5000 }));
    expect(row(c, 50).noise).toEqual(['load generator lag: median schedule-lag p99 5000 µs > 2000 µs']);
    expect(row(c, 50).verdict).toBe('noisy');
    expect(c.verdict).toBe('noisy');
  });

  it('a disturbed run on a machine disturbed on at least half of the recent nights is judged against those nights, disturbed ones included', () => {
    const disturbed = tonightRecord({ scheduleLagP99Us: 5000 });
    const tonightP50 = compared(eight(), {}, disturbed).rows.find((r) => r.percentile === 50 && r.rateRps === 500)!.currentTaxUs!;
    // nights within ±5 µs of tonight, so the numbers alone say no change
    const near = (noisy: number) => Array.from({ length: 8 }, (_, i) => night(i, { taxUs: tonightP50 + (i % 2 ? 5 : -5), seUs: 1, noisyAt: i < noisy ? 50 : undefined }));
    const chronic = row(compared(near(4), {}, disturbed), 50);
    expect(chronic.prediction).toMatchObject({ nights: 8 });
    expect(chronic.verdict, chronic.reason).toBe('no-change');
    expect(chronic.reason).toMatch(/though the machine is usually disturbed; predicted from the mean of 8 nights, disturbed ones included \(4 of the last 8 were\)/);
    // 3 of 8: a one-off disturbance, judged against the 5 quiet nights only, and noisy
    const oneOff = row(compared(near(3), {}, disturbed), 50);
    expect(oneOff.prediction).toMatchObject({ nights: 5 });
    expect(oneOff.verdict).toBe('noisy');
    // tonight quiet: the disturbed nights are left out, however many (4 quiet ones predict nothing)
    expect(row(compared(near(4)), 50)).toMatchObject({ prediction: null, verdict: 'cant-tell' });
    expect(row(compared(near(3)), 50).prediction).toMatchObject({ nights: 5 });
  });

  it('whether disturbance is usual is read from the latest window of nights: at least half of them', () => {
    const disturbed = tonightRecord({ scheduleLagP99Us: 5000 });
    const tonightP50 = compared(eight(), {}, disturbed).rows.find((r) => r.percentile === 50 && r.rateRps === 500)!.currentTaxUs!;
    const nights = (count: number, noisyIf: (i: number) => boolean) => Array.from({ length: count }, (_, i) => night(i, { taxUs: tonightP50 + (i % 2 ? 5 : -5), seUs: 1, noisyAt: noisyIf(i) ? 50 : undefined }));
    // 10 nights, the first 5 disturbed: over all of them half, over the latest 6 one — not usual
    expect(row(compared(nights(10, (i) => i < 5), { window: 6 }, disturbed), 50).verdict).toBe('noisy');
    expect(row(compared(nights(10, (i) => i < 5), { window: 10 }, disturbed), 50).verdict).toBe('no-change');
    // exactly half is usual; just under half is not
    expect(row(compared(nights(6, (i) => i < 3), {}, disturbed), 50).verdict).toBe('no-change');
    expect(row(compared(nights(9, (i) => i < 4), {}, disturbed), 50).verdict).toBe('noisy');
  });

  it('a level where no round has both sides has no tax tonight: can\'t tell, said so', () => {
    const meshGone = Array.from({ length: 10 }, (_, round) => [0, 1].map((slot) => ({ round, variant: 'mesh' as const, slot: slot as 0 | 1 }))).flat();
    const c = compared(eight(), { regression: { ...SETTINGS, noiseLimits: { ...SETTINGS.noiseLimits, maxInvalidTrialPct: null } } }, tonightRecord({ invalid: meshGone }));
    for (const r of c.rows) {
      expect(r).toMatchObject({ currentTaxUs: null, verdict: 'cant-tell', minEffectUs: 50, reason: 'tonight has no tax at this row (no round with both sides)' });
    }
  });
});
