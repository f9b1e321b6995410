/**
 * Confidence intervals for a statistic of rounds, from its bootstrap replicates and its
 * leave-one-round-out (jackknife) values. Several methods, so the coverage benchmark
 * (bench/coverage.ts) can show which one holds its level on few rounds; `DEFAULT_INTERVAL_METHOD`
 * is the one it chose.
 */
import { quantileSorted } from 'simple-statistics';
import { normalCdf, normalQuantile, studentTQuantile } from './distributions.js';
import type { ConfidenceInterval } from './types.js';

export type IntervalMethod =
  /** Quantiles of the replicates: known to under-cover on few rounds. */
  | 'percentile'
  /** Bias-corrected and accelerated (Efron 1987): acceleration from the jackknife. */
  | 'bca'
  /**
   * BCa with its normal quantile widened to √(n/(n−1))·t(n−1) (Hesterberg's expansion), so it
   * has the small-sample width a t interval has, and BCa's correction for skew and bias.
   */
  | 'expanded-bca'
  /** estimate ± t(n−1) · bootstrap SE · √(n/(n−1)). */
  | 't-bootstrap-se'
  /** estimate ± t(n−1) · jackknife SE. */
  | 't-jackknife'
  /**
   * estimate ± t(n−1) · the larger of the two SEs above: each under-states the spread of a
   * statistic that leans on a few rounds (a tail percentile) in its own way, so take the larger.
   */
  | 't-max-se'
  /**
   * 't-max-se' with the SE × CALIBRATION_FACTOR: the coverage benchmark shows the round-resampled
   * SE of a tail percentile of merged histograms running 5–10% short on 5–14 rounds (a tail
   * percentile leans on the few slowest trials, which neither the bootstrap nor the jackknife sees
   * fully); the factor is that measured shortfall, so the interval holds its level on each side.
   */
  | 'calibrated-t'
  /** Bootstrap-t: quantiles of (θ* − θ̂)/SE*, SE* each draw's own jackknife SE, times the jackknife SE. */
  | 'studentized';

export const INTERVAL_METHODS: readonly IntervalMethod[] = ['percentile', 'bca', 'expanded-bca', 't-bootstrap-se', 't-jackknife', 't-max-se', 'calibrated-t', 'studentized'];

/** SE inflation of 'calibrated-t', measured by bench/coverage.ts (docs/STATUS.md has the table). */
export const CALIBRATION_FACTOR = 1.1;

export interface IntervalInput {
  readonly estimate: number;
  /** Bootstrap replicates (any order; sorted here). */
  readonly replicates: Float64Array;
  /** Leave-one-round-out values, one per round. */
  readonly jackknife: Float64Array;
  /** Studentized replicates (only the 'studentized' method reads them). */
  readonly studentized?: Float64Array;
  /** Two-sided coverage within (0, 1). */
  readonly confidence: number;
}

export function intervalFrom(method: IntervalMethod, input: IntervalInput): ConfidenceInterval {
  const n = input.jackknife.length;
  const sorted = Array.from(input.replicates).sort((a, b) => a - b);
  const alpha = 1 - input.confidence;
  switch (method) {
    case 'percentile':
      return [quantileSorted(sorted, alpha / 2), quantileSorted(sorted, 1 - alpha / 2)];
    case 'bca':
      return bca(input, sorted, normalQuantile(1 - alpha / 2));
    case 'expanded-bca':
      return bca(input, sorted, expandedZ(alpha, n));
    case 't-bootstrap-se': {
      const half = studentTQuantile(1 - alpha / 2, n - 1) * sd(sorted) * Math.sqrt(n / (n - 1));
      return [input.estimate - half, input.estimate + half];
    }
    case 'studentized': {
      if (!input.studentized) throw new Error("the 'studentized' interval needs studentized replicates");
      const t = Array.from(input.studentized).sort((a, b) => a - b);
      const se = jackknifeSe(input.jackknife);
      return [input.estimate - quantileWithInfinities(t, 1 - alpha / 2) * se, input.estimate - quantileWithInfinities(t, alpha / 2) * se];
    }
    case 't-max-se':
    case 'calibrated-t': {
      const larger = Math.max(sd(sorted) * Math.sqrt(n / (n - 1)), jackknifeSe(input.jackknife));
      const se = method === 'calibrated-t' ? CALIBRATION_FACTOR * larger : larger;
      const half = studentTQuantile(1 - alpha / 2, n - 1) * se;
      return [input.estimate - half, input.estimate + half];
    }
    case 't-jackknife': {
      const half = studentTQuantile(1 - alpha / 2, n - 1) * jackknifeSe(input.jackknife);
      return [input.estimate - half, input.estimate + half];
    }
  }
}

/**
 * Type-7 quantile of sorted studentized replicates, which hold ±∞ for draws whose own SE is 0: next
 * to an infinite one it is the outer of the two values (interpolating gives ∞ − ∞ = NaN).
 */
function quantileWithInfinities(sorted: readonly number[], p: number): number {
  const index = (sorted.length - 1) * p;
  const below = sorted[Math.floor(index)]!;
  const above = sorted[Math.ceil(index)]!;
  if (Number.isFinite(below) && Number.isFinite(above)) return quantileSorted(sorted as number[], p);
  return p < 0.5 ? below : above;
}

/** The z whose normal tail equals the tail of √(n/(n−1))·t(n−1) at α/2. */
function expandedZ(alpha: number, n: number): number {
  return Math.sqrt(n / (n - 1)) * studentTQuantile(1 - alpha / 2, n - 1);
}

function bca(input: IntervalInput, sorted: number[], z: number): ConfidenceInterval {
  const B = sorted.length;
  let below = 0;
  let ties = 0;
  for (const x of sorted) {
    if (x < input.estimate) below++;
    else if (x === input.estimate) ties++;
  }
  const share = Math.min(1 - 0.5 / B, Math.max(0.5 / B, (below + ties / 2) / B));
  const z0 = normalQuantile(share);
  const a = acceleration(input.jackknife);
  const level = (zq: number) => {
    const shifted = z0 + zq;
    const denominator = 1 - a * shifted;
    // A huge acceleration can flip the correction; fall back to the plain tail then.
    return denominator > 0 ? normalCdf(z0 + shifted / denominator) : normalCdf(zq);
  };
  return [quantileSorted(sorted, clamp01(level(-z))), quantileSorted(sorted, clamp01(level(z)))];
}

/** Efron's acceleration: skewness of the jackknife values, Σd³ / (6 (Σd²)^1.5), d = mean − θ₍ᵢ₎. */
function acceleration(jackknife: Float64Array): number {
  const mean = jackknife.reduce((s, x) => s + x, 0) / jackknife.length;
  let s2 = 0;
  let s3 = 0;
  for (const x of jackknife) {
    const d = mean - x;
    s2 += d * d;
    s3 += d * d * d;
  }
  return s2 === 0 ? 0 : s3 / (6 * s2 ** 1.5);
}

export function jackknifeSe(values: Float64Array): number {
  const n = values.length;
  const mean = values.reduce((s, x) => s + x, 0) / n;
  return Math.sqrt(((n - 1) / n) * values.reduce((s, x) => s + (x - mean) ** 2, 0));
}

function sd(values: readonly number[]): number {
  const mean = values.reduce((s, x) => s + x, 0) / values.length;
  return Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / (values.length - 1));
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
