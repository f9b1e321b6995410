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
export { DEFAULT_MIN_ROUNDS, DEFAULT_SEED, FLAGS, minSamplesFor, noiseFloors, summarize, type SummarizeOptions } from './summarize.js';
export { percentilesOfCounts, spectrumFromCounts, spectrumOf, totalCount, type LatencySpectrum } from './spectrum.js';
export { MergedTax, type MergedFigures, type RoundSpectra } from './merged-tax.js';
export { aaRoundSpectra, mergeSpectra, roundSpectra, type TrialSpectrum } from './round-spectra.js';
export { DEFAULT_INTERVAL_METHOD, MIN_ROUNDS_FOR_INTERVAL, roundIntervals, taxStandardErrors, type RoundIntervalSettings } from './round-intervals.js';
export { INTERVAL_METHODS, intervalFrom, type IntervalMethod } from './interval.js';
export { droppedTrials, MAX_DROPPED_SHARE, ONE_SIDED_ALPHA, verdictAfterDrops, type DroppedTrials } from './dropped.js';
export { normalCdf, normalQuantile, studentTCdf, studentTQuantile } from './distributions.js';
export { mulberry32, shuffleInPlace } from './prng.js';
export { DEFAULT_LOOKS, lookConfidence, shouldStop, stoppingRule, type LookInput, type StoppingDecision, type StoppingPlan, type StopReason } from './sequential.js';
