import { median } from 'simple-statistics';
import { bootstrapMedianCi, DEFAULT_CONFIDENCE, DEFAULT_RESAMPLES, MIN_VALUES_FOR_CI } from './bootstrap-ci.js';
import { noiseFloor } from './noise-floor.js';
import { roundTaxes, type RoundTax } from './round-taxes.js';
import type { SummaryRow, TrialSample, Verdict } from './types.js';
import { verdictFor } from './verdict.js';

/** Flags a SummaryRow may carry; each means "do not take this figure at face value". */
export const FLAGS = {
  /** Fewer valid rounds than minRounds: the verdict is forced to INCONCLUSIVE. */
  tooFewRounds: 'too-few-rounds',
  /** `invalid-trials:N`: N trials were invalid or failed and were left out. */
  invalidTrials: (count: number) => `invalid-trials:${count}`,
  /** `dropped-rounds:N`: N rounds lacked a valid trial of one variant and were left out. */
  droppedRounds: (count: number) => `dropped-rounds:${count}`,
  /** `unbalanced-rounds:N`: N rounds used one slot of a variant, so ABBA did not cancel drift there. */
  unbalancedRounds: (count: number) => `unbalanced-rounds:${count}`,
  /** |tax| is below the noise floor: the run cannot tell this tax from zero. */
  taxBelowNoiseFloor: 'tax-below-noise-floor',
  /** Fewer than 3 rounds had both baseline slots: the noise floor is unknown (Infinity). */
  noiseFloorUnknown: 'noise-floor-unknown',
} as const;

export const DEFAULT_SEED = 0x6d657368; // "mesh"
export const DEFAULT_MIN_ROUNDS = 5;

export interface SummarizeOptions {
  readonly samples: readonly TrialSample[];
  readonly percentiles: readonly number[];
  readonly budgetUs: number;
  /** Default 0.95. */
  readonly confidence?: number;
  /** Default 2000. */
  readonly resamples?: number;
  /** Default DEFAULT_SEED; record it with the run so the CIs can be reproduced. */
  readonly seed?: number;
  /** Default 5; never below 3 (MIN_VALUES_FOR_CI), fewer rounds cannot give a CI. */
  readonly minRounds?: number;
}

/** One SummaryRow per percentile, in the order given. */
export function summarize(options: SummarizeOptions): SummaryRow[] {
  return options.percentiles.map((p) => summaryRow(options, p));
}

function summaryRow(options: SummarizeOptions, percentile: number): SummaryRow {
  const bootstrap = {
    confidence: options.confidence ?? DEFAULT_CONFIDENCE,
    resamples: options.resamples ?? DEFAULT_RESAMPLES,
    seed: options.seed ?? DEFAULT_SEED,
  };
  const minRounds = Math.max(MIN_VALUES_FOR_CI, options.minRounds ?? DEFAULT_MIN_ROUNDS);
  const taxes = roundTaxes(options.samples, percentile);
  const ci = bootstrapMedianCi(taxes.map((t) => t.taxUs), bootstrap);
  const taxUs = medianOf(taxes.map((t) => t.taxUs));
  const noiseFloorUs = noiseFloor(options.samples, percentile, bootstrap);
  const tooFewRounds = taxes.length < minRounds;
  const verdict: Verdict = tooFewRounds ? 'INCONCLUSIVE' : verdictFor(ci, options.budgetUs);
  return {
    percentile,
    baselineUs: medianOf(taxes.map((t) => t.baselineUs)),
    meshUs: medianOf(taxes.map((t) => t.meshUs)),
    taxUs,
    ciUs: [ci[0], ci[1]],
    noiseFloorUs,
    rounds: taxes.length,
    verdict,
    flags: flagsFor(options.samples, taxes, { tooFewRounds, taxUs, noiseFloorUs }),
  };
}

function flagsFor(
  samples: readonly TrialSample[],
  taxes: readonly RoundTax[],
  row: { tooFewRounds: boolean; taxUs: number; noiseFloorUs: number },
): string[] {
  const flags: string[] = [];
  const invalid = samples.filter((s) => !s.valid).length;
  const dropped = new Set(samples.map((s) => s.round)).size - taxes.length;
  const unbalanced = taxes.filter((t) => !t.balanced).length;
  if (row.tooFewRounds) flags.push(FLAGS.tooFewRounds);
  if (invalid > 0) flags.push(FLAGS.invalidTrials(invalid));
  if (dropped > 0) flags.push(FLAGS.droppedRounds(dropped));
  if (unbalanced > 0) flags.push(FLAGS.unbalancedRounds(unbalanced));
  if (!Number.isFinite(row.noiseFloorUs)) flags.push(FLAGS.noiseFloorUnknown);
  else if (Math.abs(row.taxUs) < row.noiseFloorUs) flags.push(FLAGS.taxBelowNoiseFloor);
  return flags;
}

/** Median, or NaN for no values (a row with zero rounds has no figures, and says so with rounds: 0). */
function medianOf(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : median(values);
}
