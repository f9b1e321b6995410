import { quantileSorted } from 'simple-statistics';
import { MIN_VALUES_FOR_CI, UNKNOWN_CI, type BootstrapOptions } from '../stats/bootstrap-ci.js';
import { mulberry32 } from '../stats/prng.js';
import type { ConfidenceInterval } from '../stats/types.js';

/**
 * Percentile-bootstrap CI of median(current) − median(baseline): each sample is resampled with
 * replacement on its own (the two runs are independent), the difference of the resampled medians
 * taken `resamples` times, and its (1−c)/2 and (1+c)/2 quantiles reported. Same conventions as
 * `bootstrapMedianCi`: fewer than `MIN_VALUES_FOR_CI` values on either side gives UNKNOWN_CI.
 */
export function bootstrapMedianDifferenceCi(baseline: readonly number[], current: readonly number[], options: BootstrapOptions): ConfidenceInterval {
  const { confidence = 0.95, resamples = 2000, seed } = options;
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be within (0, 1), got ${confidence}`);
  if ([...baseline, ...current].some((v) => !Number.isFinite(v))) throw new RangeError('bootstrapMedianDifferenceCi: values must be finite');
  if (baseline.length < MIN_VALUES_FOR_CI || current.length < MIN_VALUES_FOR_CI) return UNKNOWN_CI;
  const random = mulberry32(seed);
  const a = Float64Array.from(baseline);
  const b = Float64Array.from(current);
  const drawA = new Float64Array(a.length);
  const drawB = new Float64Array(b.length);
  const differences = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    differences[r] = resampledMedian(b, drawB, random) - resampledMedian(a, drawA, random);
  }
  const sorted = Array.from(differences.sort());
  const tail = (1 - confidence) / 2;
  return [quantileSorted(sorted, tail), quantileSorted(sorted, 1 - tail)];
}

function resampledMedian(values: Float64Array, draw: Float64Array, random: () => number): number {
  const n = values.length;
  for (let i = 0; i < n; i++) draw[i] = values[Math.floor(random() * n)]!;
  draw.sort();
  const mid = n >> 1;
  return n % 2 === 1 ? draw[mid]! : (draw[mid - 1]! + draw[mid]!) / 2;
}
