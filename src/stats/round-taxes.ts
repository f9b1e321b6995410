import { mean } from 'simple-statistics';
import { percentileLabel } from './percentiles.js';
import type { TrialSample, Variant } from './types.js';

/** The tax measured in one round at one percentile. */
export interface RoundTax {
  readonly round: number;
  /** Mean of the round's valid baseline slots, µs. */
  readonly baselineUs: number;
  /** Mean of the round's valid mesh slots, µs. */
  readonly meshUs: number;
  /** meshUs − baselineUs. */
  readonly taxUs: number;
  /**
   * All four ABBA slots were valid. When not, the round still counts (one slot per variant suffices)
   * but ABBA no longer cancels linear drift within the round.
   */
  readonly balanced: boolean;
}

/**
 * Per round (ascending), the tax at percentile `p`: mean of valid mesh slots minus mean of valid
 * baseline slots. Invalid trials are ignored; a round without a valid trial of either variant is dropped.
 * Throws when a valid trial lacks `p` (a caller bug).
 */
export function roundTaxes(samples: readonly TrialSample[], p: number): RoundTax[] {
  const label = percentileLabel(p);
  const taxes: RoundTax[] = [];
  for (const [round, trials] of byRound(samples)) {
    const baseline = validValues(trials, 'baseline', label);
    const mesh = validValues(trials, 'mesh', label);
    if (baseline.length === 0 || mesh.length === 0) continue;
    const baselineUs = mean(baseline);
    const meshUs = mean(mesh);
    taxes.push({ round, baselineUs, meshUs, taxUs: meshUs - baselineUs, balanced: baseline.length === 2 && mesh.length === 2 });
  }
  return taxes;
}

/**
 * Samples grouped by round, rounds ascending. A trial run again after an invalid attempt (the same
 * round, variant and slot twice: a retry) is kept beside it; every valid attempt counts.
 */
export function byRound(samples: readonly TrialSample[]): Map<number, TrialSample[]> {
  const rounds = new Map<number, TrialSample[]>();
  for (const sample of [...samples].sort((a, b) => a.round - b.round)) {
    const trials = rounds.get(sample.round) ?? [];
    trials.push(sample);
    rounds.set(sample.round, trials);
  }
  return rounds;
}

/** The value at `label` of a valid trial; throws if it was not recorded. */
export function valueAt(sample: TrialSample, label: string): number {
  const value = sample.percentilesUs[label];
  if (value === undefined || !Number.isFinite(value)) {
    throw new Error(`trial round ${sample.round} ${sample.variant} slot ${sample.slot} has no finite p${label}`);
  }
  return value;
}

function validValues(trials: readonly TrialSample[], variant: Variant, label: string): number[] {
  return trials.filter((t) => t.variant === variant && t.valid).map((t) => valueAt(t, label));
}
