import { UNKNOWN_CI } from './bootstrap-ci.js';
import { droppedTrials, verdictAfterDrops, type DroppedTrials } from './dropped.js';
import { DEFAULT_INTERVAL_METHOD, MIN_ROUNDS_FOR_INTERVAL, roundIntervals } from './round-intervals.js';
import { MergedTax } from './merged-tax.js';
import { aaRoundSpectra, roundSpectra, type TrialSpectrum } from './round-spectra.js';
import { totalCount } from './spectrum.js';
import type { IntervalMethod } from './interval.js';
import type { ConfidenceInterval, SummaryRow, Verdict } from './types.js';
import { verdictFor } from './verdict.js';

/** Flags a SummaryRow may carry; each means "do not take this figure at face value". */
export const FLAGS = {
  /** Fewer valid rounds than minRounds: the verdict is forced to INCONCLUSIVE. */
  tooFewRounds: 'too-few-rounds',
  /** `invalid-trials:N`: N trials were invalid and were left out. */
  invalidTrials: (count: number) => `invalid-trials:${count}`,
  /** `dropped-rounds:N`: N rounds lacked a valid trial of one variant and were left out. */
  droppedRounds: (count: number) => `dropped-rounds:${count}`,
  /** `unbalanced-rounds:N`: N rounds used one slot of a variant, so ABBA did not cancel drift there. */
  unbalancedRounds: (count: number) => `unbalanced-rounds:${count}`,
  /** `too-many-dropped:K/N`: more than MAX_DROPPED_SHARE of the trials were dropped: no PASS. */
  tooManyDropped: (dropped: number, trials: number) => `too-many-dropped:${dropped}/${trials}`,
  /** `dropped-one-sided:<side>:M/B`: drops fell on one side more than chance allows (mesh M, baseline B). */
  droppedOneSided: (side: string, mesh: number, baseline: number) => `dropped-one-sided:${side}:${mesh}/${baseline}`,
  /** `too-few-samples:N<M`: a side holds fewer requests than the percentile needs: no verdict. */
  tooFewSamples: (count: number, needed: number) => `too-few-samples:${count}<${needed}`,
  /** The interval of the tax holds 0 and |tax| is below the noise floor: the run cannot tell it from zero. */
  taxBelowNoiseFloor: 'tax-below-noise-floor',
  /** Fewer than MIN_ROUNDS_FOR_INTERVAL rounds had both baseline slots: the noise floor is unknown (Infinity). */
  noiseFloorUnknown: 'noise-floor-unknown',
} as const;

export const DEFAULT_SEED = 0x6d657368; // "mesh"
export const DEFAULT_MIN_ROUNDS = MIN_ROUNDS_FOR_INTERVAL;

export interface SummarizeOptions {
  readonly trials: readonly TrialSpectrum[];
  readonly percentiles: readonly number[];
  readonly budgetUs: number;
  /** Default 0.95. */
  readonly confidence?: number;
  /** Default 2000. */
  readonly resamples?: number;
  /** Default DEFAULT_SEED; record it with the run so the CIs can be reproduced. */
  readonly seed?: number;
  /** Default and floor MIN_ROUNDS_FOR_INTERVAL: fewer rounds give no interval that covers. */
  readonly minRounds?: number;
  readonly method?: IntervalMethod;
}

/** A percentile needs about 10 requests beyond it on each side to be more than the extreme value. */
export function minSamplesFor(percentile: number): number {
  return Math.ceil(Number((10 / (1 - percentile / 100)).toFixed(6)));
}

/**
 * One SummaryRow per percentile, in the order given: each side's percentile from the merged
 * histograms of its valid trials, the tax their difference (so the columns subtract to it), its
 * interval from resampling whole rounds, and a verdict that weighs what was dropped.
 */
export function summarize(options: SummarizeOptions): SummaryRow[] {
  const { percentiles, budgetUs } = options;
  const settings = {
    confidence: options.confidence ?? 0.95,
    resamples: options.resamples ?? 2000,
    seed: options.seed ?? DEFAULT_SEED,
    method: options.method ?? DEFAULT_INTERVAL_METHOD,
  };
  const minRounds = Math.max(MIN_ROUNDS_FOR_INTERVAL, options.minRounds ?? DEFAULT_MIN_ROUNDS);
  const rounds = roundSpectra(options.trials);
  const engine = rounds.length > 0 ? new MergedTax(rounds, percentiles) : null;
  const figures = engine?.figures();
  const intervals = engine && rounds.length >= minRounds ? roundIntervals(engine, settings) : percentiles.map(() => UNKNOWN_CI);
  const floors = noiseFloors(options.trials, percentiles, settings);
  const drops = droppedTrials(options.trials);
  const fewestSamples = Math.min(...['baseline', 'mesh'].map((side) => rounds.reduce((n, r) => n + totalCount(side === 'mesh' ? r.mesh : r.baseline), 0)));
  return percentiles.map((percentile, k) => {
    const taxUs = figures?.taxUs[k] ?? Number.NaN;
    const ci = intervals[k]!;
    const tooFewRounds = rounds.length < minRounds;
    const tooFewSamples = rounds.length > 0 && fewestSamples < minSamplesFor(percentile);
    const judged = tooFewRounds || tooFewSamples ? 'INCONCLUSIVE' : verdictFor(ci, budgetUs);
    const { verdict } = verdictAfterDrops(judged, drops);
    return {
      percentile,
      baselineUs: figures?.baselineUs[k] ?? Number.NaN,
      meshUs: figures?.meshUs[k] ?? Number.NaN,
      taxUs,
      ciUs: [ci[0], ci[1]],
      noiseFloorUs: floors[k]!,
      rounds: rounds.length,
      verdict: verdict as Verdict,
      flags: flagsFor(options.trials, rounds.length, drops, { tooFewRounds, tooFewSamples: tooFewSamples ? [fewestSamples, minSamplesFor(percentile)] : null, ci, taxUs, noiseFloorUs: floors[k]! }),
    };
  });
}

/**
 * The smallest tax the run can resolve, per percentile, µs: the far end of the interval of the A/A
 * "tax" (baseline slot 0 against baseline slot 1 of the same rounds, by the same statistic and
 * interval as the tax). Infinity when too few rounds have both baseline slots.
 */
export function noiseFloors(trials: readonly TrialSpectrum[], percentiles: readonly number[], settings: { confidence: number; resamples: number; seed: number; method: IntervalMethod }): number[] {
  const rounds = aaRoundSpectra(trials);
  if (rounds.length < MIN_ROUNDS_FOR_INTERVAL) return percentiles.map(() => Infinity);
  return roundIntervals(new MergedTax(rounds, percentiles), settings).map(([low, high]) => Math.max(Math.abs(low), Math.abs(high)));
}

interface RowState {
  readonly tooFewRounds: boolean;
  readonly tooFewSamples: readonly [number, number] | null;
  readonly ci: ConfidenceInterval;
  readonly taxUs: number;
  readonly noiseFloorUs: number;
}

function flagsFor(trials: readonly TrialSpectrum[], roundsUsed: number, drops: DroppedTrials, row: RowState): string[] {
  const flags: string[] = [];
  const rounds = new Set(trials.map((t) => t.round)).size;
  const unbalanced = [...new Set(trials.map((t) => t.round))].filter((round) => {
    const valid = trials.filter((t) => t.round === round && t.valid);
    const b = valid.filter((t) => t.variant === 'baseline').length;
    const m = valid.filter((t) => t.variant === 'mesh').length;
    return b > 0 && m > 0 && (b < 2 || m < 2);
  }).length;
  if (row.tooFewRounds) flags.push(FLAGS.tooFewRounds);
  if (row.tooFewSamples) flags.push(FLAGS.tooFewSamples(row.tooFewSamples[0], row.tooFewSamples[1]));
  if (drops.dropped > 0) flags.push(FLAGS.invalidTrials(drops.dropped));
  if (drops.trials > 0 && drops.dropped / drops.trials > 0.2) flags.push(FLAGS.tooManyDropped(drops.dropped, drops.trials));
  if (drops.oneSided) flags.push(FLAGS.droppedOneSided(drops.oneSided, drops.droppedMesh, drops.droppedBaseline));
  if (rounds - roundsUsed > 0) flags.push(FLAGS.droppedRounds(rounds - roundsUsed));
  if (unbalanced > 0) flags.push(FLAGS.unbalancedRounds(unbalanced));
  if (!Number.isFinite(row.noiseFloorUs)) flags.push(FLAGS.noiseFloorUnknown);
  else if (Math.abs(row.taxUs) < row.noiseFloorUs && row.ci[0] <= 0 && 0 <= row.ci[1]) flags.push(FLAGS.taxBelowNoiseFloor);
  return flags;
}
