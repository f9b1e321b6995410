export type { ConfidenceInterval, SummaryRow, TrialSample, Variant, Verdict } from './types.js';
export {
  decodeHistogram,
  encodeHistogram,
  newLatencyHistogram,
  percentileUs,
  recordUs,
  type LatencyHistogram,
} from './histogram.js';
export { percentileLabel, percentilesOf } from './percentiles.js';
export { roundTaxes, type RoundTax } from './round-taxes.js';
export {
  bootstrapMedianCi,
  DEFAULT_CONFIDENCE,
  DEFAULT_RESAMPLES,
  MIN_VALUES_FOR_CI,
  UNKNOWN_CI,
  type BootstrapOptions,
} from './bootstrap-ci.js';
export { aaDifferences, noiseFloor } from './noise-floor.js';
export { chiSquareGoodnessOfFit, chiSquareUpperTail, type GoodnessOfFit } from './chi-square.js';
export { overallVerdict, verdictFor, type OverallVerdictOptions } from './verdict.js';
export { DEFAULT_MIN_ROUNDS, DEFAULT_SEED, FLAGS, summarize, type SummarizeOptions } from './summarize.js';
export { mulberry32, shuffleInPlace } from './prng.js';
