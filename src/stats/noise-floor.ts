import { bootstrapMedianCi, type BootstrapOptions } from './bootstrap-ci.js';
import { percentileLabel } from './percentiles.js';
import { byRound, valueAt } from './round-taxes.js';
import type { TrialSample } from './types.js';

/**
 * The A/A differences at percentile `p`: per round with both baseline slots valid,
 * baseline slot 0 minus baseline slot 1 (µs), rounds ascending.
 */
export function aaDifferences(samples: readonly TrialSample[], p: number): number[] {
  const label = percentileLabel(p);
  const differences: number[] = [];
  for (const trials of byRound(samples).values()) {
    const first = trials.find((t) => t.variant === 'baseline' && t.slot === 0 && t.valid);
    const last = trials.find((t) => t.variant === 'baseline' && t.slot === 1 && t.valid);
    if (first && last) differences.push(valueAt(first, label) - valueAt(last, label));
  }
  return differences;
}

/**
 * The smallest tax the run can resolve at `p`, µs: max(|low|, |high|) of the bootstrap CI of the
 * median A/A difference (baseline against itself, same estimator as the tax). Infinity when fewer
 * than 3 rounds have both baseline slots.
 *
 * Why this: under A/A the true difference is 0, so the interval shows how far from 0 our estimator
 * strays on noise alone; a tax smaller in magnitude is indistinguishable from the harness disagreeing
 * with itself. Taking the far end (not the half-width) also counts a systematic slot-0/slot-1 offset
 * (e.g. a cold first trial), a harness defect a reader should see. The floor errs high on purpose:
 * an A/A difference is between single trials while a round tax compares means of two slots (about √2
 * less spread), and baseline slots 0 and 1 are the first and last trials of the round, the pair most
 * exposed to drift that ABBA cancels in the tax.
 */
export function noiseFloor(samples: readonly TrialSample[], p: number, options: BootstrapOptions): number {
  const [low, high] = bootstrapMedianCi(aaDifferences(samples, p), options);
  return Math.max(Math.abs(low), Math.abs(high));
}
