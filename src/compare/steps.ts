/**
 * `meshtax history --fail-on-step`: a recent step up of the tax, found with a false-alarm rate that
 * holds for the whole history, not for each series. A history holds one series per (profile, load
 * level, percentile); tested each at α, a changeless history with k series fails the nightly job
 * up to k·α of the time. So each series is searched at FAIL_ON_STEP_ALPHA / k (Bonferroni, valid
 * however the series are correlated), with enough permutations to resolve that level.
 * Calibration (npm run bench:change-points): see FAIL_ON_STEP_ALPHA.
 */
import type { RegressionSettings } from '../config/schema.js';
import { detectChangePoints, type ChangePoint } from './change-points.js';
import { effectFloor } from './verdict.js';

/**
 * Chance that a history with no change fails `--fail-on-step` on a given night. Measured by
 * `npm run bench:change-points` (200 histories of 4 series × 40 nights, recent 7, any step size):
 * 0.5 / 1.0 / 0.5 / 0.5% at AR(1) ρ 0 / 0.3 / 0.5 / 0.7 (each series at 1%: up to 2.0%).
 */
export const FAIL_ON_STEP_ALPHA = 0.01;

/** Nights at the end of a series that count as recent. */
export const DEFAULT_RECENT_NIGHTS = 7;

/** Permutation p-values resolve to 1/(1 + permutations); this many shuffles per unit of 1/α. */
const PERMUTATIONS_PER_INVERSE_ALPHA = 10;

export interface StepSeries {
  readonly points: readonly { readonly taxUs: number; readonly runId: string }[];
}

export interface StepSettings {
  readonly recent?: number;
  /** Family-wise false-alarm rate over all the series. Default FAIL_ON_STEP_ALPHA. */
  readonly alpha?: number;
  readonly window?: number;
  readonly seed?: number;
  readonly regression: Pick<RegressionSettings, 'minEffectUs' | 'minEffectPct'>;
}

export interface StepUp {
  /** Index of the series in the input. */
  readonly series: number;
  readonly changePoint: ChangePoint;
  /** The first run after the step. */
  readonly runId: string;
}

/** The per-series level and permutations `stepsUp` searches at, for `seriesCount` series. */
export function stepSearchLevel(seriesCount: number, alpha = FAIL_ON_STEP_ALPHA): { alpha: number; permutations: number } {
  const perSeries = alpha / Math.max(1, seriesCount);
  return { alpha: perSeries, permutations: Math.max(999, Math.ceil(PERMUTATIONS_PER_INVERSE_ALPHA / perSeries)) };
}

/**
 * Steps up of the tax within the last `recent` nights of any series, at least the minimum effect
 * (config regression.minEffectUs / minEffectPct of the tax before; never negative, so a step down
 * never counts), each series searched at the Bonferroni share of `alpha`.
 */
export function stepsUp(series: readonly StepSeries[], settings: StepSettings): StepUp[] {
  const recent = settings.recent ?? DEFAULT_RECENT_NIGHTS;
  const level = stepSearchLevel(series.length, settings.alpha);
  return series.flatMap((s, i) =>
    detectChangePoints(
      s.points.map((p) => p.taxUs),
      { ...level, ...(settings.window !== undefined ? { window: settings.window } : {}), ...(settings.seed !== undefined ? { seed: settings.seed } : {}) },
    )
      .filter((cp) => cp.index >= s.points.length - recent && cp.change >= effectFloor(cp.beforeMean, settings.regression))
      .map((cp) => ({ series: i, changePoint: cp, runId: s.points[cp.index]!.runId })),
  );
}
