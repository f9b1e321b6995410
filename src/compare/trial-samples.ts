/**
 * From a record's trials back to per-round taxes — the same path `src/summary/rows.ts` takes
 * (warm-up dropped, each valid trial's histogram decoded and read at the percentiles, then
 * `roundTaxes`), so a comparison sees exactly the rounds the record's summary was made from.
 */
import type { ResultRecord, TrialRecord } from '../record/schema.js';
import { decodeHistogram } from '../stats/histogram.js';
import { percentilesOf } from '../stats/percentiles.js';
import { roundTaxes, type RoundTax } from '../stats/round-taxes.js';
import type { TrialSample } from '../stats/types.js';

/** One load level of a record: profile, rate, connection churn (0: keep-alive). */
export interface LevelKey {
  readonly profile: string;
  readonly rateRps: number;
  readonly newConnectionEvery: number;
}

export const levelKey = (level: LevelKey): string => `${level.profile}\u0000${level.rateRps}\u0000${level.newConnectionEvery}`;

/** Just the level's fields of a row, trial or entry. */
export const levelOf = (x: LevelKey): LevelKey => ({ profile: x.profile, rateRps: x.rateRps, newConnectionEvery: x.newConnectionEvery });

/** The measured (non-warm-up) trials of one level. */
export function measuredTrials(record: Pick<ResultRecord, 'trials'>, level: LevelKey): TrialRecord[] {
  return record.trials.filter((t) => !t.warmup && levelKey(t) === levelKey(level));
}

/** Trials as stats sees them: invalid ones keep `valid: false` and no percentiles. */
export function trialSamples(trials: readonly TrialRecord[], percentiles: readonly number[]): TrialSample[] {
  return trials.map((t) => ({
    round: t.round,
    variant: t.variant,
    slot: t.slot,
    valid: t.valid,
    percentilesUs: t.valid ? percentilesOf(decodeHistogram(t.load.latencyHistogram), percentiles) : {},
  }));
}

/**
 * Per-round taxes of every level and percentile of a record, decoding each histogram once.
 * Key: `levelKey(level)` → percentile → rounds ascending.
 */
export function recordRoundTaxes(record: Pick<ResultRecord, 'trials'>, levels: readonly LevelKey[], percentiles: readonly number[]): Map<string, Map<number, RoundTax[]>> {
  const result = new Map<string, Map<number, RoundTax[]>>();
  for (const level of levels) {
    const samples = trialSamples(measuredTrials(record, level), percentiles);
    result.set(levelKey(level), new Map(percentiles.map((p) => [p, roundTaxes(samples, p)])));
  }
  return result;
}
