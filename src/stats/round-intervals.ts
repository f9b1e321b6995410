import { CALIBRATION_FACTOR, intervalFrom, jackknifeSe, type IntervalMethod } from './interval.js';
import type { MergedTax } from './merged-tax.js';
import type { ConfidenceInterval } from './types.js';

/**
 * The interval method the tax uses, chosen by the coverage benchmark (bench/coverage.ts, figures in
 * docs/STATUS.md): of the methods measured, the one that held ≥ 95% coverage with ≤ 2.5% on each
 * side on normal, lognormal, heavy-tailed and drifting data from MIN_ROUNDS_FOR_INTERVAL rounds up.
 */
export const DEFAULT_INTERVAL_METHOD: IntervalMethod = 'calibrated-t';

/** Fewest rounds for which an interval is given; below it every verdict is INCONCLUSIVE. */
export const MIN_ROUNDS_FOR_INTERVAL = 5;

export interface RoundIntervalSettings {
  readonly confidence: number;
  readonly resamples: number;
  readonly seed: number;
  readonly method: IntervalMethod;
}

/** Per percentile of the engine, the interval of the tax from resampling whole rounds. */
export function roundIntervals(engine: MergedTax, settings: RoundIntervalSettings): ConfidenceInterval[] {
  const estimate = engine.figures().taxUs;
  const replicates = engine.bootstrapTaxes(settings.resamples, settings.seed);
  const jackknife = engine.jackknifeTaxes();
  const studentized = settings.method === 'studentized' ? engine.studentizedTaxes(settings.resamples, settings.seed ^ 0x5717, estimate) : undefined;
  return engine.percentiles.map((_, k) => intervalFrom(settings.method, { estimate: estimate[k]!, replicates: replicates[k]!, jackknife: jackknife[k]!, studentized: studentized?.[k], confidence: settings.confidence }));
}

/**
 * The tax's standard error per percentile, as the 'calibrated-t' interval takes it: the larger of the
 * round bootstrap's SD (× √(n/(n−1))) and the jackknife SE, × CALIBRATION_FACTOR. NaN below
 * MIN_ROUNDS_FOR_INTERVAL rounds.
 */
export function taxStandardErrors(engine: MergedTax, settings: Pick<RoundIntervalSettings, 'resamples' | 'seed'>): number[] {
  const n = engine.rounds.length;
  if (n < MIN_ROUNDS_FOR_INTERVAL) return engine.percentiles.map(() => Number.NaN);
  const replicates = engine.bootstrapTaxes(settings.resamples, settings.seed);
  const jackknife = engine.jackknifeTaxes();
  return engine.percentiles.map((_, k) => {
    const r = replicates[k]!;
    const mean = r.reduce((a, b) => a + b, 0) / r.length;
    const bootstrapSd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / (r.length - 1));
    return CALIBRATION_FACTOR * Math.max(bootstrapSd * Math.sqrt(n / (n - 1)), jackknifeSe(jackknife[k]!));
  });
}
