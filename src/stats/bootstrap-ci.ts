import { quantileSorted } from 'simple-statistics';
import { mulberry32 } from './prng.js';
import type { ConfidenceInterval } from './types.js';

export interface BootstrapOptions {
  /** Two-sided coverage, within (0, 1). Default 0.95. */
  readonly confidence?: number;
  /** Bootstrap resamples. Default 2000. */
  readonly resamples?: number;
  /** PRNG seed; the same values and seed give the same CI. */
  readonly seed: number;
}

/**
 * Fewest values for which a CI is reported. With 1 value every resample is that value (a zero-width
 * "interval"), with 2 the resampled medians take only 3 values: both would look far surer than they are.
 */
export const MIN_VALUES_FOR_CI = 3;

/** What `bootstrapMedianCi` returns when it cannot estimate: every budget verdict is INCONCLUSIVE. */
export const UNKNOWN_CI: ConfidenceInterval = Object.freeze([-Infinity, Infinity] as const);

export const DEFAULT_CONFIDENCE = 0.95;
export const DEFAULT_RESAMPLES = 2000;

/**
 * Percentile-bootstrap CI of the median of `values`: resample with replacement `resamples` times,
 * take each resample's median, report the (1−c)/2 and (1+c)/2 quantiles (type 7) of those medians.
 * With fewer than `MIN_VALUES_FOR_CI` values it returns `UNKNOWN_CI` = [-Infinity, Infinity]
 * rather than a falsely narrow interval. (JSON writes ±Infinity as null: a report must say "unknown".)
 */
export function bootstrapMedianCi(values: readonly number[], options: BootstrapOptions): ConfidenceInterval {
  const { confidence = DEFAULT_CONFIDENCE, resamples = DEFAULT_RESAMPLES, seed } = options;
  checkOptions(confidence, resamples);
  if (values.some((v) => !Number.isFinite(v))) throw new RangeError('bootstrapMedianCi: values must be finite');
  if (values.length < MIN_VALUES_FOR_CI) return UNKNOWN_CI;

  const medians = resampledMedians(Float64Array.from(values), resamples, mulberry32(seed)).sort();
  const sorted = Array.from(medians);
  const tail = (1 - confidence) / 2;
  return [quantileSorted(sorted, tail), quantileSorted(sorted, 1 - tail)];
}

function checkOptions(confidence: number, resamples: number): void {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be within (0, 1), got ${confidence}`);
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  }
}

function resampledMedians(values: Float64Array, resamples: number, random: () => number): Float64Array {
  const n = values.length;
  const draw = new Float64Array(n);
  const medians = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) draw[i] = values[Math.floor(random() * n)]!;
    medians[b] = medianInPlace(draw);
  }
  return medians;
}

/** Median of a typed array; sorts it in place (typed arrays sort numerically). */
function medianInPlace(values: Float64Array): number {
  values.sort();
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}
