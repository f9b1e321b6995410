/**
 * The nightly history of a scenario: one summary line per run (`results/history/<scenario>.jsonl`,
 * stored by src/record/history-store.ts), and change-point detection over each row's series of
 * median taxes. Noisy nights are kept in the file but left out of the series.
 */
import { HISTORY_SCHEMA_VERSION, type HistoryEntry } from '../record/index.js';
import type { RegressionSettings } from '../config/schema.js';
import { detectChangePoints, type ChangePoint, type ChangePointOptions } from './change-points.js';
import { fingerprint, describeFingerprint } from './fingerprint.js';
import { disturbance, limitsFor, type ComparableRecord } from './noise.js';
import { levelKey, levelOf, type LevelKey } from './trial-samples.js';
import type { RunToRun } from './merged-change.js';
import { MIN_NIGHTS_TO_ADJUST_FOR_SPEED } from './history-prediction.js';
import { fitNightsLine } from './nights-speed-line.js';
import { speedOf } from './speed-fit.js';
import { studentTQuantile } from '../stats/index.js';



/** The history line of one run: its summary rows, and which levels were disturbed. */
export function historyEntry(record: ComparableRecord, settings: Pick<RegressionSettings, 'noiseLimits' | 'profileNoiseLimits'>): HistoryEntry {
  const levels = new Map(record.summary.map((r) => [levelKey(r), levelOf(r)]));
  const disturbances = [...levels.values()]
    .map((level) => ({ ...level, reasons: disturbance(record, level, limitsFor(level.profile, settings)).reasons }))
    .filter((d) => d.reasons.length > 0);
  const noisy = new Set(disturbances.map(levelKey));
  return {
    schemaVersion: HISTORY_SCHEMA_VERSION,
    runId: record.runId,
    startedAt: record.startedAt,
    scenario: record.scenario.name,
    state: record.state,
    envoyVersion: record.envoy.version,
    fidelity: record.fidelity.level,
    environment: describeFingerprint(fingerprint(record)),
    quick: record.settings.quick,
    rounds: record.settings.rounds,
    confidence: record.settings.confidence,
    rows: record.summary.map((r) => ({
      ...levelOf(r),
      percentile: r.percentile,
      taxUs: r.taxUs,
      ciUs: r.ciUs,
      rounds: r.rounds,
      baselineUs: r.baselineUs,
      noisy: noisy.has(levelKey(r)),
    })),
    disturbances,
  };
}

export interface SeriesPoint {
  readonly runId: string;
  readonly startedAt: string;
  readonly taxUs: number;
  readonly envoyVersion: string;
  readonly environment: string;
}

export interface HistoryChangePoint extends ChangePoint {
  /** The first run after the change. */
  readonly runId: string;
  readonly startedAt: string;
  /** The Envoy version or machine changed at this point too — a likely cause. */
  readonly cause: string | null;
}

export interface SeriesAnalysis extends LevelKey {
  readonly percentile: number;
  /** The nights in the series (oldest first), noisy ones and ones without a tax left out. */
  readonly points: SeriesPoint[];
  /** Nights left out as noisy or without a tax. */
  readonly skipped: number;
  readonly changePoints: HistoryChangePoint[];
}

/** Per (profile, load level, percentile): the series of nightly median taxes and its change points. */
export function analyseHistory(entries: readonly HistoryEntry[], options: ChangePointOptions = {}): SeriesAnalysis[] {
  const ordered = [...entries].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const series = new Map<string, LevelKey & { percentile: number; points: SeriesPoint[]; skipped: number }>();
  for (const entry of ordered) {
    for (const row of entry.rows) {
      const k = `${levelKey(row)}\u0000${row.percentile}`;
      const s = series.get(k) ?? { ...levelOf(row), percentile: row.percentile, points: [], skipped: 0 };
      series.set(k, s);
      if (row.noisy || row.taxUs === null) s.skipped++;
      else s.points.push({ runId: entry.runId, startedAt: entry.startedAt, taxUs: row.taxUs, envoyVersion: entry.envoyVersion, environment: entry.environment });
    }
  }
  return [...series.values()].map((s) => ({
    ...s,
    changePoints: detectChangePoints(
      s.points.map((p) => p.taxUs),
      options,
    ).map((cp) => {
      const after = s.points[cp.index]!;
      const before = s.points[cp.index - 1]!;
      const causes = [
        before.envoyVersion !== after.envoyVersion ? `Envoy ${before.envoyVersion} → ${after.envoyVersion}` : null,
        before.environment !== after.environment ? `machine ${before.environment} → ${after.environment}` : null,
      ].filter((c): c is string => c !== null);
      return { ...cp, runId: after.runId, startedAt: after.startedAt, cause: causes.length > 0 ? causes.join('; ') : null };
    }),
  }));
}

/** At least this many comparable nights before their spread is taken as how much runs differ. */
export const MIN_NIGHTS_FOR_RUN_TO_RUN = 5;

/**
 * How much runs differ at one row, from past nights like the ones compared (same machine, Envoy
 * and mode; full, completed, not noisy): the SD of their taxes, and the RMS of their own SEs (each
 * from its interval's half-width over t(rounds − 1)): what a run's offset adds beyond its rounds,
 * and whether the rounds' bootstrap overstates (merged-change.ts). Null with too few nights. With at least MIN_NIGHTS_TO_ADJUST_FOR_SPEED nights that
 * all have a speed (their baseline p50), also their speed line, so runs can be compared at equal speed.
 */
export function runToRunSpread(entries: readonly HistoryEntry[], row: LevelKey & { readonly percentile: number }, like: { readonly environment: string; readonly envoyVersion: string }): RunToRun | null {
  const nights = entries
    .filter((e) => isComparable(e, like))
    .flatMap((e) => e.rows.filter((r) => levelKey(r) === levelKey(row) && r.percentile === row.percentile && !r.noisy).map((r) => ({ ...r, confidence: e.confidence, speedUs: speedOf(e.rows, row) })))
    .flatMap((r) => (r.taxUs !== null && r.ciUs[0] !== null && r.ciUs[1] !== null && r.rounds >= 2 ? [{ taxUs: r.taxUs, speedUs: r.speedUs, seUs: (r.ciUs[1] - r.ciUs[0]) / 2 / studentTQuantile(1 - (1 - r.confidence) / 2, r.rounds - 1) }] : []));
  if (nights.length < MIN_NIGHTS_FOR_RUN_TO_RUN) return null;
  const m = nights.reduce((s, n) => s + n.taxUs, 0) / nights.length;
  const spread = nights.reduce((s, n) => s + (n.taxUs - m) ** 2, 0) / (nights.length - 1);
  const within = nights.reduce((s, n) => s + n.seUs ** 2, 0) / nights.length;
  const withSpeed = nights.flatMap((n) => (n.speedUs === null ? [] : [{ taxUs: n.taxUs, speedUs: n.speedUs, seUs: n.seUs }]));
  const speed = withSpeed.length === nights.length && nights.length >= MIN_NIGHTS_TO_ADJUST_FOR_SPEED ? fitNightsLine(withSpeed) : null;
  return { nights: nights.length, spreadUs: Math.sqrt(spread), typicalSeUs: Math.sqrt(within), speed };
}

/** A full, completed night of the same machine and Envoy. */
function isComparable(e: HistoryEntry, like: { readonly environment: string; readonly envoyVersion: string }): boolean {
  return e.state === 'completed' && !e.quick && e.environment === like.environment && e.envoyVersion === like.envoyVersion;
}

/** Disturbance is the machine's usual state at a row: at least half of the recent nights were disturbed there. */
export const disturbanceIsUsual = (usual: UsualNoise): boolean => 2 * usual.disturbed >= usual.nights;

/** How many of the latest comparable nights were disturbed at a row. */
export interface UsualNoise {
  readonly nights: number;
  readonly disturbed: number;
}

/**
 * Of the latest `window` nights like the ones compared (same machine and Envoy; full, completed),
 * how many were disturbed at the row: whether disturbance is the machine's usual state there.
 */
export function recentDisturbance(entries: readonly HistoryEntry[], row: LevelKey & { readonly percentile: number }, like: { readonly environment: string; readonly envoyVersion: string }, window: number): UsualNoise {
  const rows = entries
    .filter((e) => isComparable(e, like))
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt))
    .flatMap((e) => e.rows.filter((r) => levelKey(r) === levelKey(row) && r.percentile === row.percentile))
    .slice(-window);
  return { nights: rows.length, disturbed: rows.filter((r) => r.noisy).length };
}
