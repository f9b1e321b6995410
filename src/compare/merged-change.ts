/**
 * The change of the tax between two runs, by the statistic the runs' own rows use: each run's tax
 * at a percentile from its merged histograms, its standard error from resampling its rounds; the
 * change is the difference, its interval a Welch t interval.
 *
 * Runs differ from each other more than rounds do (each run has its own offset: the machine, the
 * placement, the day). Rounds of one run cannot show that, so the variance of the change carries
 * a run-level term 2τ², τ the run-to-run SD of the tax, estimated from the spread of past nights in
 * the history (`runToRunSpread`): their variance minus what their own intervals explain. Without a
 * history τ is unknown and taken as 0, and the row says so. Much of that offset is the machine's
 * speed, which each run measures beside its tax (its baseline p50): with enough nights the change
 * is taken at equal speed and τ is the nights' spread about their speed line (speed-fit.ts).
 */
import type { TrialRecord } from '../record/schema.js';
import { MergedTax, roundSpectra, studentTCdf, studentTQuantile, taxStandardErrors, type ConfidenceInterval } from '../stats/index.js';
import { trialSpectrum } from '../summary/index.js';
import { withinReach, type SpeedFit } from './speed-fit.js';

export interface RunTaxes {
  readonly rounds: number;
  /** Per percentile, µs (NaN without rounds). */
  readonly taxUs: number[];
  /** Per percentile, µs (NaN below the rounds an interval needs). */
  readonly seUs: number[];
}

export function runTaxes(trials: readonly TrialRecord[], percentiles: readonly number[], bootstrap: { resamples: number; seed: number }): RunTaxes {
  const rounds = roundSpectra(trials.map(trialSpectrum));
  if (rounds.length === 0) return { rounds: 0, taxUs: percentiles.map(() => Number.NaN), seUs: percentiles.map(() => Number.NaN) };
  const engine = new MergedTax(rounds, percentiles);
  return { rounds: rounds.length, taxUs: Array.from(engine.figures().taxUs), seUs: taxStandardErrors(engine, bootstrap) };
}

/** The run-to-run SD of the tax and how many nights it rests on. */
export interface RunToRun {
  readonly sdUs: number;
  readonly nights: number;
  /**
   * The nights' tax against their speed (speed-fit.ts) and the run-to-run SD about that line; null
   * when too few nights had a speed, or all the same one. Used when both runs are within its reach.
   */
  readonly speed?: { readonly fit: SpeedFit; readonly sdUs: number } | null;
}

/** One run's side of a change: its tax, SE, rounds, and its speed (baseline p50, µs) when known. */
export interface ChangeSide {
  readonly taxUs: number;
  readonly seUs: number;
  readonly rounds: number;
  readonly speedUs?: number | null;
}

export interface Change {
  readonly changeUs: number;
  readonly ciUs: ConfidenceInterval;
  /** Two-sided p-value of "no change" by the same t statistic. */
  readonly pValue: number;
  readonly df: number;
  /** What the runs' different speeds explain, µs (already taken out of changeUs); null: not adjusted for speed. */
  readonly speedAdjustmentUs: number | null;
}

/**
 * current − baseline, with the interval at `confidence`; unknown (±Infinity, p = 1) when a side has
 * no SE. When the run-to-run spread has a speed line and both runs are within its reach, the part
 * of the change their speeds explain is taken out, and the line's slope adds its own uncertainty.
 */
export function taxChange(baseline: ChangeSide, current: ChangeSide, runToRun: RunToRun | null, confidence: number): Change {
  const rawChangeUs = current.taxUs - baseline.taxUs;
  if (!Number.isFinite(baseline.seUs) || !Number.isFinite(current.seUs) || !Number.isFinite(rawChangeUs)) return { changeUs: rawChangeUs, ciUs: [-Infinity, Infinity], pValue: 1, df: Number.NaN, speedAdjustmentUs: null };
  const runLevel = runLevelOf(baseline, current, runToRun);
  const changeUs = rawChangeUs - (runLevel.speedAdjustmentUs ?? 0);
  const a = baseline.seUs ** 2;
  const b = current.seUs ** 2;
  const variance = a + b + runLevel.variance;
  // Welch–Satterthwaite, the run-level term with the nights behind it
  const runDf = runLevel.variance ** 2 / Math.max(1, runLevel.df);
  const df = variance ** 2 / (a ** 2 / (baseline.rounds - 1) + b ** 2 / (current.rounds - 1) + runDf);
  const se = Math.sqrt(variance);
  const adjusted = runLevel.speedAdjustmentUs;
  if (se === 0) return { changeUs, ciUs: [changeUs, changeUs], pValue: changeUs === 0 ? 1 : 0, df, speedAdjustmentUs: adjusted };
  const half = studentTQuantile(1 - (1 - confidence) / 2, df) * se;
  const t = Math.abs(changeUs) / se;
  return { changeUs, ciUs: [changeUs - half, changeUs + half], pValue: Math.min(1, 2 * (1 - studentTCdf(t, df))), df, speedAdjustmentUs: adjusted };
}

/** The run level of the change's variance (2τ², and the slope's uncertainty when adjusted for speed), with its degrees of freedom. */
function runLevelOf(baseline: ChangeSide, current: ChangeSide, runToRun: RunToRun | null): { variance: number; df: number; speedAdjustmentUs: number | null } {
  if (runToRun === null) return { variance: 0, df: 0, speedAdjustmentUs: null };
  const speed = runToRun.speed;
  const [from, to] = [baseline.speedUs, current.speedUs];
  if (speed && typeof from === 'number' && typeof to === 'number' && withinReach(speed.fit, from) && withinReach(speed.fit, to)) {
    const apart = to - from;
    return { variance: 2 * speed.sdUs ** 2 + (apart ** 2 * speed.fit.residualVariance) / speed.fit.sxx, df: speed.fit.nights - 2, speedAdjustmentUs: speed.fit.slope * apart };
  }
  return { variance: 2 * runToRun.sdUs ** 2, df: runToRun.nights - 1, speedAdjustmentUs: null };
}
