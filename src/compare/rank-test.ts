/**
 * The two-sample test on per-round taxes: Chromium Pinpoint's statistic, the smaller of the
 * Mann-Whitney U and Kolmogorov-Smirnov p-values — U is sensitive to a shift of the whole
 * distribution, KS also to a change of shape (one slow mode, a longer tail) that moves few ranks.
 *
 * Taking the smaller of two p-values at face value is anti-conservative (under no change it falls
 * below α more often than α). So every p-value here comes from one permutation distribution:
 * the pooled rounds are relabelled (all relabellings when there are ≤ `exactLimit`, else
 * `permutations` seeded random ones), both statistics are computed for each relabelling, and the
 * reported p is the share of relabellings whose own min(p_U, p_KS) is at least as extreme as the
 * observed one. Its false-alarm rate under exchangeable rounds is therefore α, ties included.
 */
import { mulberry32, shuffleInPlace } from '../stats/index.js';

export interface RankTestOptions {
  /** Random relabellings when exact enumeration is too large. Default 5000. */
  readonly permutations?: number;
  /** Enumerate every relabelling when there are at most this many. Default 20000 (5 v 5 rounds: 252). */
  readonly exactLimit?: number;
  readonly seed: number;
}

export interface RankTestResult {
  /** p-value of min(p_U, p_KS), calibrated by permutation: what the verdict uses. */
  readonly pValue: number;
  /** Two-sided Mann-Whitney U permutation p-value alone. */
  readonly mannWhitneyP: number;
  /** Two-sided Kolmogorov-Smirnov permutation p-value alone. */
  readonly ksP: number;
  /** P(current round > baseline round), ties counting half: 0.5 means no shift. */
  readonly probabilityGreater: number;
  /** Largest distance between the two empirical CDFs, 0..1. */
  readonly ksD: number;
  /** Relabellings the p-values were computed from (including the observed one). */
  readonly relabellings: number;
  /** All relabellings were enumerated (exact), not sampled. */
  readonly exact: boolean;
}

export const DEFAULT_PERMUTATIONS = 5000;
export const DEFAULT_EXACT_LIMIT = 20_000;

/** Tests whether `current` differs from `baseline` (two-sided). Either sample empty: p = 1. */
export function rankTest(baseline: readonly number[], current: readonly number[], options: RankTestOptions): RankTestResult {
  const nA = baseline.length;
  const nB = current.length;
  if (nA === 0 || nB === 0) return { pValue: 1, mannWhitneyP: 1, ksP: 1, probabilityGreater: 0.5, ksD: 0, relabellings: 0, exact: true };
  if ([...baseline, ...current].some((v) => !Number.isFinite(v))) throw new RangeError('rankTest: values must be finite');
  const pooled = pooledOrder(baseline, current);
  const n = nA + nB;
  const statU: number[] = [];
  const statD: number[] = [];
  const push = (isBaseline: Uint8Array) => {
    const [u, d] = statistics(isBaseline, pooled, nA, nB);
    statU.push(u);
    statD.push(d);
  };
  push(pooled.observed);
  const total = binomial(n, nA);
  const exact = total <= (options.exactLimit ?? DEFAULT_EXACT_LIMIT);
  if (exact) forEachCombination(n, nA, push, pooled.observed);
  else randomRelabellings(pooled.observed, options.permutations ?? DEFAULT_PERMUTATIONS, options.seed, push);

  const count = statU.length;
  const atLeastU = countAtLeast(statU);
  const atLeastD = countAtLeast(statD);
  const minCounts = statU.map((u, i) => Math.min(atLeastU(u), atLeastD(statD[i]!)));
  const observedMin = minCounts[0]!;
  const asExtreme = minCounts.filter((c) => c <= observedMin).length;
  const [u2, d] = [statU[0]!, statD[0]!];
  return {
    pValue: asExtreme / count,
    mannWhitneyP: atLeastU(u2) / count,
    ksP: atLeastD(d) / count,
    probabilityGreater: currentOverBaseline(baseline, current),
    ksD: d / (nA * nB),
    relabellings: count,
    exact,
  };
}

interface Pooled {
  /** Twice the mid-rank of each sorted position (integers even with ties). */
  readonly midRank2: Int32Array;
  /** Position k ends a group of tied values (the CDFs may be compared after it). */
  readonly endsTieGroup: Uint8Array;
  /** The observed labelling: 1 where the sorted position holds a baseline round. */
  readonly observed: Uint8Array;
}

function pooledOrder(a: readonly number[], b: readonly number[]): Pooled {
  const values = [...a.map((v) => ({ v, isA: 1 })), ...b.map((v) => ({ v, isA: 0 }))].sort((x, y) => x.v - y.v);
  const n = values.length;
  const midRank2 = new Int32Array(n);
  const endsTieGroup = new Uint8Array(n);
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && values[end + 1]!.v === values[start]!.v) end++;
    // ranks start+1 … end+1; twice their mean is start + end + 2
    for (let k = start; k <= end; k++) midRank2[k] = start + end + 2;
    endsTieGroup[end] = 1;
    start = end + 1;
  }
  return { midRank2, endsTieGroup, observed: Uint8Array.from(values.map((x) => x.isA)) };
}

/** [2·|U − nA·nB/2|, nA·nB·D] for one labelling — both integers, so ties in the distribution compare exactly. */
function statistics(isA: Uint8Array, pooled: Pooled, nA: number, nB: number): [number, number] {
  let rankSum2 = 0;
  let cA = 0;
  let cB = 0;
  let maxGap = 0;
  for (let k = 0; k < isA.length; k++) {
    if (isA[k]) {
      rankSum2 += pooled.midRank2[k]!;
      cA++;
    } else cB++;
    if (pooled.endsTieGroup[k]) maxGap = Math.max(maxGap, Math.abs(cA * nB - cB * nA));
  }
  const u2 = rankSum2 - nA * (nA + 1);
  return [Math.abs(u2 - nA * nB), maxGap];
}

/** A function giving, for a statistic value, how many entries of `values` are ≥ it. */
function countAtLeast(values: readonly number[]): (x: number) => number {
  const sorted = Float64Array.from(values).sort();
  return (x) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return sorted.length - lo;
  };
}

function forEachCombination(n: number, k: number, visit: (isA: Uint8Array) => void, skip: Uint8Array): void {
  const chosen = Array.from({ length: k }, (_, i) => i);
  const labels = new Uint8Array(n);
  for (;;) {
    labels.fill(0);
    for (const i of chosen) labels[i] = 1;
    if (!sameLabels(labels, skip)) visit(labels);
    let i = k - 1;
    while (i >= 0 && chosen[i] === n - k + i) i--;
    if (i < 0) return;
    chosen[i]!++;
    for (let j = i + 1; j < k; j++) chosen[j] = chosen[j - 1]! + 1;
  }
}

function sameLabels(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function randomRelabellings(observed: Uint8Array, count: number, seed: number, visit: (isA: Uint8Array) => void): void {
  const random = mulberry32(seed);
  const labels = Uint8Array.from(observed);
  for (let r = 0; r < count; r++) {
    visit(shuffleInPlace(labels, random));
  }
}

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return Math.round(result);
}

function currentOverBaseline(a: readonly number[], b: readonly number[]): number {
  let wins = 0;
  for (const y of b) for (const x of a) wins += y > x ? 1 : y === x ? 0.5 : 0;
  return wins / (a.length * b.length);
}
