/**
 * Figures the charts draw that the record holds only in raw form: histograms merged per load
 * level, per-round taxes, trials on a time line. Pure functions of the record.
 */
import { decodeHistogram, newLatencyHistogram, percentilesOf, roundTaxes, type LatencyHistogram, type TrialSample } from '../stats/index.js';
import { rpsText } from './format.js';
import type { ResultRecord, TrialRecord } from '../record/schema.js';

type Variant = TrialRecord['variant'];

/** One load level of the run: node profile, offered rate, connection churn. */
export interface Level {
  readonly profile: string;
  readonly rateRps: number;
  /** 0: keep-alive; N: a new connection every N requests. */
  readonly newConnectionEvery: number;
}

export const levelKey = (level: Level): string => `${level.profile}\u0000${level.rateRps}\u0000${level.newConnectionEvery}`;

export const sameLevel = (a: Level, b: Level): boolean => levelKey(a) === levelKey(b);

/** The run's load levels in record order. */
export function levelsOf(record: ResultRecord): Level[] {
  const seen = new Map<string, Level>();
  for (const l of [...record.levels, ...record.summary]) seen.set(levelKey(l), { profile: l.profile, rateRps: l.rateRps, newConnectionEvery: l.newConnectionEvery });
  return [...seen.values()];
}

/** `keep-alive`, `new connection every 10 requests`. */
export const connectionText = (newConnectionEvery: number): string =>
  newConnectionEvery > 0 ? `new connection every ${newConnectionEvery} requests` : 'keep-alive';

/** The load of a level in words, without the profile: `500 rps`, `500 rps, new connection every 10 requests`. */
export const loadText = (level: Pick<Level, 'rateRps' | 'newConnectionEvery'>): string =>
  `${rpsText(level.rateRps)}${level.newConnectionEvery > 0 ? `, ${connectionText(level.newConnectionEvery)}` : ''}`;

/** Load labels in a stable order: by rate, keep-alive first. */
export function loadLabelsOf(record: ResultRecord): string[] {
  const levels = [...levelsOf(record)].sort((a, b) => a.rateRps - b.rateRps || a.newConnectionEvery - b.newConnectionEvery);
  return [...new Set(levels.map(loadText))];
}

export const connectionTextsOf = (record: ResultRecord): string[] =>
  [...new Set(levelsOf(record).map((l) => l.newConnectionEvery))].sort((a, b) => a - b).map(connectionText);

export const profilesOf = (record: ResultRecord): string[] => [...new Set(levelsOf(record).map((l) => l.profile))];
export const ratesOf = (record: ResultRecord): number[] => [...new Set(levelsOf(record).map((l) => l.rateRps))].sort((a, b) => a - b);

/** Trials that count: not warm-up, valid. */
export function measuredTrials(record: ResultRecord, level: Level, variant?: Variant): TrialRecord[] {
  return record.trials.filter(
    (t) => !t.warmup && t.valid && sameLevel(t, level) && (variant === undefined || t.variant === variant),
  );
}

/** All trials' latency histograms added into one; null when there is no trial. */
export function mergedHistogram(trials: readonly TrialRecord[]): LatencyHistogram | null {
  if (trials.length === 0) return null;
  const merged = newLatencyHistogram();
  for (const t of trials) {
    const h = decodeHistogram(t.load.latencyHistogram);
    merged.add(h);
    h.destroy();
  }
  return merged;
}

export interface SpectrumPoint extends Level {
  readonly variant: Variant;
  readonly percentile: number;
  /** 1 / (1 − p): 1 at p0, 10 at p90, 100 at p99 — the log axis of HdrHistogram plots. */
  readonly tailX: number;
  readonly latencyUs: number;
}

/** Tail positions 10^(k/steps) up to the merged sample count (no percentile finer than the data). */
export function tailPositions(count: number, stepsPerDecade = 8): number[] {
  const xs: number[] = [];
  for (let k = 0; 10 ** (k / stepsPerDecade) <= count; k++) xs.push(10 ** (k / stepsPerDecade));
  return xs;
}

/** Latency against percentile for the merged baseline and mesh histograms of each level. */
export function spectrumPoints(record: ResultRecord): SpectrumPoint[] {
  const points: SpectrumPoint[] = [];
  for (const level of levelsOf(record)) {
    for (const variant of ['baseline', 'mesh'] as const) points.push(...variantSpectrum(record, level, variant));
  }
  return points;
}

function variantSpectrum(record: ResultRecord, level: Level, variant: Variant): SpectrumPoint[] {
  const h = mergedHistogram(measuredTrials(record, level, variant));
  if (h === null) return [];
  const points = tailPositions(h.totalCount).map((tailX) => {
    const percentile = 100 * (1 - 1 / tailX);
    return { ...level, variant, percentile, tailX, latencyUs: h.getValueAtPercentile(percentile) };
  });
  h.destroy();
  return points;
}

export interface RoundTaxPoint extends Level {
  readonly percentile: number;
  readonly round: number;
  readonly taxUs: number;
  /** All four ABBA slots of the round were valid. */
  readonly balanced: boolean;
}

/** The tax of every round at every reported percentile, as stats computes it. */
export function roundTaxPoints(record: ResultRecord): RoundTaxPoint[] {
  const percentiles = record.settings.percentiles;
  return levelsOf(record).flatMap((level) => {
    const samples = trialSamples(record, level, percentiles);
    return percentiles.flatMap((percentile) =>
      roundTaxes(samples, percentile).map((t) => ({ ...level, percentile, round: t.round, taxUs: t.taxUs, balanced: t.balanced })),
    );
  });
}

function trialSamples(record: ResultRecord, level: Level, percentiles: readonly number[]): TrialSample[] {
  return record.trials
    .filter((t) => !t.warmup && sameLevel(t, level))
    .map((t) => ({
      round: t.round,
      variant: t.variant,
      slot: t.slot,
      valid: t.valid,
      percentilesUs: t.valid ? histogramPercentiles(t, percentiles) : {},
    }));
}

function histogramPercentiles(trial: TrialRecord, percentiles: readonly number[]): Record<string, number> {
  const h = decodeHistogram(trial.load.latencyHistogram);
  const values = percentilesOf(h, percentiles);
  h.destroy();
  return values;
}

export interface TrialTimePoint extends Level {
  readonly index: number;
  readonly variant: Variant;
  readonly warmup: boolean;
  readonly valid: boolean;
  /** Seconds since the run started, at the trial's start and end. */
  readonly startS: number;
  readonly endS: number;
  readonly p99Us: number;
}

/** Each trial on the run's time line with its own p99, for aligning latency with probes. */
export function trialTimeline(record: ResultRecord): TrialTimePoint[] {
  const t0 = Date.parse(record.startedAt);
  return record.trials.map((t) => {
    const startS = (Date.parse(t.startedAt) - t0) / 1000;
    const h = decodeHistogram(t.load.latencyHistogram);
    const p99Us = h.totalCount > 0 ? h.getValueAtPercentile(99) : 0;
    h.destroy();
    return { index: t.index, profile: t.profile, rateRps: t.rateRps, newConnectionEvery: t.newConnectionEvery, variant: t.variant, warmup: t.warmup, valid: t.valid, startS, endS: startS + t.load.durationS, p99Us };
  });
}
