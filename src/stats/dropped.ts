/**
 * Dropped data is evidence: how many trials were left out, and on which side, weighs on the
 * verdict. A trial is dropped when the harness cannot stand behind it (the load generator fell
 * behind, …); if the trials dropped were the slow ones, what remains flatters the side they came
 * from. So:
 * - above MAX_DROPPED_SHARE of a level's trials dropped, no PASS (a FAIL still stands when the
 *   whole interval of what remains is over budget: dropping can hide a tax, rarely invent one);
 * - drops that fall on one side more than chance allows (two-sided exact binomial test at
 *   ONE_SIDED_ALPHA against the sides' shares of trials) withhold the verdict they could have
 *   flattered: mesh-side drops withhold PASS, baseline-side drops withhold FAIL.
 */
import type { Variant, Verdict } from './types.js';

export const MAX_DROPPED_SHARE = 0.2;
export const ONE_SIDED_ALPHA = 0.05;

export interface DroppedTrials {
  readonly trials: number;
  readonly dropped: number;
  readonly droppedBaseline: number;
  readonly droppedMesh: number;
  /** The side the drops lean to, when more than chance allows; null otherwise. */
  readonly oneSided: Variant | null;
  /** Exact binomial p-value of the split of drops between the sides. */
  readonly splitP: number;
}

export function droppedTrials(trials: readonly { readonly variant: Variant; readonly valid: boolean }[]): DroppedTrials {
  const meshTrials = trials.filter((t) => t.variant === 'mesh').length;
  const droppedMesh = trials.filter((t) => t.variant === 'mesh' && !t.valid).length;
  const droppedBaseline = trials.filter((t) => t.variant === 'baseline' && !t.valid).length;
  const dropped = droppedMesh + droppedBaseline;
  const meshShare = trials.length > 0 ? meshTrials / trials.length : 0.5;
  const splitP = dropped === 0 ? 1 : binomialTwoSidedP(droppedMesh, dropped, meshShare);
  const oneSided = splitP < ONE_SIDED_ALPHA ? (droppedMesh / dropped > meshShare ? 'mesh' : 'baseline') : null;
  return { trials: trials.length, dropped, droppedBaseline, droppedMesh, oneSided, splitP };
}

/** The verdict the drops leave standing, and why it was withheld (null when it stands). */
export function verdictAfterDrops(verdict: Verdict, drops: DroppedTrials): { verdict: Verdict; withheld: string | null } {
  const share = drops.trials > 0 ? drops.dropped / drops.trials : 0;
  if (verdict === 'PASS' && share > MAX_DROPPED_SHARE) {
    return { verdict: 'INCONCLUSIVE', withheld: `${drops.dropped} of ${drops.trials} trials were dropped (more than ${100 * MAX_DROPPED_SHARE}%): what remains cannot show the tax is within budget` };
  }
  if (verdict === 'PASS' && drops.oneSided === 'mesh') {
    return { verdict: 'INCONCLUSIVE', withheld: `the drops fell on the mesh side (${drops.droppedMesh} mesh, ${drops.droppedBaseline} baseline): the mesh trials kept may be its fastest` };
  }
  if (verdict === 'FAIL' && drops.oneSided === 'baseline') {
    return { verdict: 'INCONCLUSIVE', withheld: `the drops fell on the baseline side (${drops.droppedBaseline} baseline, ${drops.droppedMesh} mesh): the baseline trials kept may be its fastest` };
  }
  return { verdict, withheld: null };
}

/** P(a split at least as unlikely as k of n) under Binomial(n, q): sum of the outcomes no more probable. */
export function binomialTwoSidedP(k: number, n: number, q: number): number {
  if (q <= 0 || q >= 1) return 1;
  const pmf = (i: number) => Math.exp(logChoose(n, i) + i * Math.log(q) + (n - i) * Math.log(1 - q));
  const observed = pmf(k);
  let p = 0;
  for (let i = 0; i <= n; i++) {
    const x = pmf(i);
    if (x <= observed * (1 + 1e-9)) p += x;
  }
  return Math.min(1, p);
}

function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}
