/**
 * Change points in a series of nightly taxes: E-divisive means, as Apache Otava (Hunter) uses it —
 * binary segmentation on the energy distance between "before" and "after" — with its significance
 * taken from a permutation test instead of Hunter's t-test.
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
  const found: { index: number; pValue: number }[] = [];
  const pending: [number, number][] = [[0, series.length]];
  const random = mulberry32(seed);
  while (pending.length > 0) {
    const [start, end] = pending.pop()!;
    if (end - start < 2 * minSegment) continue;
    const segment = series.slice(start, end);
    const best = bestSplit(segment, minSegment);
    if (best === null) continue;
    const pValue = permutationP(segment, best.q, minSegment, permutations, random);
    if (pValue > alpha) continue;
    found.push({ index: start + best.tau, pValue });
    pending.push([start, start + best.tau], [start + best.tau, end]);
  }
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

function permutationP(segment: readonly number[], observed: number, minSegment: number, permutations: number, random: () => number): number {
  const shuffled = Float64Array.from(segment);
  let asLarge = 0;
  for (let r = 0; r < permutations; r++) {
    shuffleInPlace(shuffled, random);
    if (bestSplit(shuffled, minSegment)!.q >= observed - 1e-9 * Math.abs(observed)) asLarge++;
  }
  return (1 + asLarge) / (1 + permutations);
}
