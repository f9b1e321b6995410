/** Which side of the comparison a trial measured. */
export type Variant = 'baseline' | 'mesh';

/** PASS: the CI's upper end is within budget. FAIL: its lower end is above. Otherwise INCONCLUSIVE. */
export type Verdict = 'PASS' | 'FAIL' | 'INCONCLUSIVE';

/** A confidence interval `[low, high]` in µs; `[-Infinity, Infinity]` when it cannot be estimated. */
export type ConfidenceInterval = readonly [low: number, high: number];

/**
 * One measured trial, as stats sees it (warm-up already discarded).
 * A round runs four trials in ABBA order: baseline slot 0, mesh slot 0, mesh slot 1, baseline slot 1.
 * A failed trial is passed as `valid: false` (its percentiles are not read).
 */
export interface TrialSample {
  round: number;
  variant: Variant;
  slot: 0 | 1;
  valid: boolean;
  /** Keys are percentile labels made by `percentileLabel` ("50", "99.9"), values µs. */
  percentilesUs: Record<string, number>;
}

/** The result at one percentile. Medians are over rounds; `taxUs` is the median of per-round taxes. */
export interface SummaryRow {
  percentile: number;
  baselineUs: number;
  meshUs: number;
  taxUs: number;
  /** CI of the median tax. */
  ciUs: [number, number];
  /** Smallest tax the run can resolve (see `noiseFloor`); Infinity when unknown. */
  noiseFloorUs: number;
  /** Rounds that entered the tax (both variants had a valid trial). */
  rounds: number;
  verdict: Verdict;
  /** Reasons not to take the row at face value; see `FLAGS`. */
  flags: string[];
}
