/**
 * Change points in a series of nightly taxes: E-divisive (Matteson & James 2014), as Apache Otava
 * (Hunter) uses it — the energy distance between "before" and "after" — with the full procedure:
 * each step adds the best split over all current segments, significant by a permutation test that
 * shuffles within each segment and takes the best split over all of them. Nights that carry over
 * (AR(1) persistence) are prewhitened first (x[t] − ρ·x[t−1], ρ an upper bound of the persistence
 * around the best split), since a permutation test takes slow wander for change.
 *
 * For a segment, every split τ (each side ≥ minSegment points) is scored with
 *   Q(τ) = m·k/(m+k) · ( 2/(m·k)·Σ|xᵢ−yⱼ| − Σ_{i<i'}|xᵢ−xᵢ'|/C(m,2) − Σ_{j<j'}|yⱼ−yⱼ'|/C(k,2) ),
 * which is large when the values before and after differ in any way (level or spread). The best
 * split is kept when its Q is exceeded by at most a share alpha of the best Q of `permutations`
 * shuffles of the same segment; then both halves are searched again.
 *
 * False alarms: when the series has no change (its values exchangeable, e.g. i.i.d. noise), the
 * first test reports a change with probability ≤ alpha and nothing else is tested, so the chance
 * of any change point on a changeless series is alpha (default 1%) whatever its distribution.
 * Nights are not exactly exchangeable — slow drift or a trend also counts as "a change" —, so each
 * change point is reported with the means before and after for a reader to judge.
 * Power: a step needs minSegment nights on each side to be seen; small steps need more nights.
 */
import { mean } from 'simple-statistics';
import { mulberry32, shuffleInPlace } from '../stats/index.js';

export interface ChangePointOptions {
  /** Significance of each split. Default 0.01. */
  readonly alpha?: number;
  /** Shuffles per test. Default 999 (p resolution 0.001). */
  readonly permutations?: number;
  /** Fewest points on either side of a change. Default 3. */
  readonly minSegment?: number;
  /** Only the last `window` points are searched (Otava uses 50). Default 60. */
  readonly window?: number;
  readonly seed?: number;
}

export interface ChangePoint {
  /** Index (into the input series) of the first point after the change. */
  readonly index: number;
  /** Mean of the segment before it (back to the previous change point or the window start). */
  readonly beforeMean: number;
  /** Mean of the segment after it (up to the next change point or the end). */
  readonly afterMean: number;
  /** afterMean − beforeMean. */
  readonly change: number;
  /** change in % of |beforeMean| (null when beforeMean is 0). */
  readonly changePct: number | null;
  /** Permutation p-value of the split when it was found. */
  readonly pValue: number;
}

export const DEFAULT_CHANGE_POINT_OPTIONS = { alpha: 0.01, permutations: 999, minSegment: 3, window: 60, seed: 0x656476 } as const;

/** The significant change points of `values`, by index ascending. */
export function detectChangePoints(values: readonly number[], options: ChangePointOptions = {}): ChangePoint[] {
  const { alpha, permutations, minSegment, window, seed } = { ...DEFAULT_CHANGE_POINT_OPTIONS, ...options };
  if (values.some((v) => !Number.isFinite(v))) throw new RangeError('detectChangePoints: values must be finite');
  if (!(minSegment >= 1)) throw new RangeError(`minSegment must be at least 1, got ${minSegment}`);
  const offset = Math.max(0, values.length - window);
  const series = values.slice(offset);
  const random = mulberry32(seed);
  // Nights that carry over (AR(1)) are not exchangeable, and a permutation test on them finds
  // "changes" in any slow wander: search the prewhitened series x[t] − ρ·x[t−1] instead, ρ the
  // persistence around the best split (so a real step is not taken for persistence).
  const first = series.length >= 2 * minSegment ? bestSplit(series, minSegment) : null;
  const rho = first ? persistenceUpperBound([series.slice(0, first.tau), series.slice(first.tau)]) : 0;
  const searched = rho > 0 ? series.slice(1).map((x, t) => x - rho * series[t]!) : series;
  const shift = rho > 0 ? 1 : 0;
  const found = segmentsBySearch(searched, { alpha, permutations, minSegment }, random).map((f) => ({ ...f, index: f.index + shift }));
  found.sort((a, b) => a.index - b.index);
  return found.map(({ index, pValue }, i) => {
    const before = series.slice(found[i - 1]?.index ?? 0, index);
    const after = series.slice(index, found[i + 1]?.index ?? series.length);
    const beforeMean = mean(before);
    const afterMean = mean(after);
    const change = afterMean - beforeMean;
    return { index: offset + index, beforeMean, afterMean, change, changePct: beforeMean !== 0 ? (100 * change) / Math.abs(beforeMean) : null, pValue };
  });
}

/**
 * E-divisive as Matteson and James define it: each step adds the split with the largest Q over all
 * current segments, tested by permuting within each segment and taking the largest Q over all of
 * them; it stops at the first split that is not significant.
 */
function segmentsBySearch(series: readonly number[], settings: { alpha: number; permutations: number; minSegment: number }, random: () => number): { index: number; pValue: number }[] {
  const found: { index: number; pValue: number }[] = [];
  for (;;) {
    const bounds = [0, ...found.map((f) => f.index).sort((a, b) => a - b), series.length];
    const segments = bounds.slice(1).map((end, i) => series.slice(bounds[i]!, end));
    const best = bestOverSegments(segments, settings.minSegment);
    if (best === null) break;
    const pValue = permutationP(segments, best.q, settings.minSegment, settings.permutations, random);
    if (pValue > settings.alpha) break;
    found.push({ index: bounds[best.segment]! + best.tau, pValue });
  }
  return found;
}

/** Matteson–James: the best new split is the one with the largest Q over all current segments. */
function bestOverSegments(segments: readonly ArrayLike<number>[], minSegment: number): { segment: number; tau: number; q: number } | null {
  let best: { segment: number; tau: number; q: number } | null = null;
  segments.forEach((segment, i) => {
    const split = segment.length >= 2 * minSegment ? bestSplit(segment, minSegment) : null;
    if (split && (best === null || split.q > best.q)) best = { segment: i, ...split };
  });
  return best;
}

/**
 * Lag-1 autocorrelation of the series around its segments' means (so a step is not mistaken for
 * persistence), with Kendall's small-sample bias correction (1 + 3ρ)/n; clamped to [0, 0.9].
 */
export function lagOneAutocorrelation(segments: readonly ArrayLike<number>[]): number {
  const residuals: number[] = [];
  for (const s of segments) {
    const m = Array.from(s).reduce((a, b) => a + b, 0) / s.length;
    for (let i = 0; i < s.length; i++) residuals.push(s[i]! - m);
  }
  const n = residuals.length;
  if (n < 4) return 0;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    den += residuals[i]! ** 2;
    if (i > 0) num += residuals[i]! * residuals[i - 1]!;
  }
  if (den === 0) return 0;
  const rho = num / den;
  return Math.min(0.9, Math.max(0, rho + (1 + 3 * rho) / n));
}

/**
 * The persistence to whiten with: the estimate plus one standard error (√((1 − ρ²)/n)). Short
 * series under-estimate ρ, and whitening too little lets slow wander pass for a change, while
 * whitening a little too much only costs some power. At most 0.9.
 */
export function persistenceUpperBound(segments: readonly ArrayLike<number>[]): number {
  const n = segments.reduce((k, s) => k + s.length, 0);
  const rho = lagOneAutocorrelation(segments);
  return n < 4 ? 0 : Math.min(0.9, rho + Math.sqrt((1 - rho * rho) / n));
}

/** The split with the largest Q; `tau` is the size of the "before" side. Null when no split is allowed. */
export function bestSplit(values: ArrayLike<number>, minSegment: number): { tau: number; q: number } | null {
  const n = values.length;
  let within = 0; // Σ|·| over pairs inside "before"
  let across = 0; // Σ|·| over pairs across the split
  let after = 0; // Σ|·| over pairs inside "after"
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) after += Math.abs(values[i]! - values[j]!);
  let best: { tau: number; q: number } | null = null;
  for (let t = 0; t < n - minSegment; t++) {
    // move point t from "after" to "before"
    let toBefore = 0;
    let toAfter = 0;
    for (let i = 0; i < t; i++) toBefore += Math.abs(values[t]! - values[i]!);
    for (let j = t + 1; j < n; j++) toAfter += Math.abs(values[t]! - values[j]!);
    within += toBefore;
    after -= toAfter;
    across += toAfter - toBefore;
    const m = t + 1;
    const k = n - m;
    if (m < minSegment || k < minSegment) continue;
    const pairsBefore = m > 1 ? (m * (m - 1)) / 2 : 1;
    const pairsAfter = k > 1 ? (k * (k - 1)) / 2 : 1;
    const energy = (2 * across) / (m * k) - within / pairsBefore - after / pairsAfter;
    const q = ((m * k) / n) * energy;
    if (best === null || q > best.q) best = { tau: m, q };
  }
  return best;
}

/**
 * The share of permutations — each segment shuffled within itself, as Matteson and James permute
 * within clusters — whose best split over all segments is at least `observed`.
 */
function permutationP(segments: readonly number[][], observed: number, minSegment: number, permutations: number, random: () => number): number {
  const shuffled = segments.map((s) => Float64Array.from(s));
  let asLarge = 0;
  for (let r = 0; r < permutations; r++) {
    shuffled.forEach((s) => shuffleInPlace(s, random));
    const best = bestOverSegments(shuffled, minSegment);
    if (best !== null && best.q >= observed - 1e-9 * Math.abs(observed)) asLarge++;
  }
  return (1 + asLarge) / (1 + permutations);
}
