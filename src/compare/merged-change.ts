/**
 * The change of the tax between two runs, by the statistic the runs' own rows use: each run's tax
 * at a percentile from its merged histograms, its standard error from resampling its rounds; the
 * change is the difference, its interval a Welch t interval.
 *
 * Runs differ from each other more than rounds do (each run has its own offset: the machine, the
 * placement, the day). Rounds of one run cannot show that, so the variance of the change carries
 * a run-level term 2τ², τ the run-to-run SD of the tax, estimated from the spread of past nights in
 * the history (`runToRunSpread`): their variance minus what their own intervals explain. Without a
 * history τ is unknown and taken as 0, and the row says so.
 */
import type { TrialRecord } from '../record/schema.js';
import { MergedTax, roundSpectra, studentTCdf, studentTQuantile, taxStandardErrors, type ConfidenceInterval } from '../stats/index.js';
import { trialSpectrum } from '../summary/index.js';

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
}

export interface Change {
  readonly changeUs: number;
  readonly ciUs: ConfidenceInterval;
  /** Two-sided p-value of "no change" by the same t statistic. */
  readonly pValue: number;
  readonly df: number;
}

/** current − baseline, with the interval at `confidence`; unknown (±Infinity, p = 1) when a side has no SE. */
export function taxChange(baseline: { taxUs: number; seUs: number; rounds: number }, current: { taxUs: number; seUs: number; rounds: number }, runToRun: RunToRun | null, confidence: number): Change {
  const changeUs = current.taxUs - baseline.taxUs;
  if (!Number.isFinite(baseline.seUs) || !Number.isFinite(current.seUs) || !Number.isFinite(changeUs)) return { changeUs, ciUs: [-Infinity, Infinity], pValue: 1, df: Number.NaN };
  const a = baseline.seUs ** 2;
  const b = current.seUs ** 2;
  const run = runToRun ? 2 * runToRun.sdUs ** 2 : 0;
  const variance = a + b + run;
  // Welch–Satterthwaite, the run-level term with the nights behind it
  const df = variance ** 2 / (a ** 2 / (baseline.rounds - 1) + b ** 2 / (current.rounds - 1) + (runToRun && run > 0 ? run ** 2 / Math.max(1, runToRun.nights - 1) : 0));
  const se = Math.sqrt(variance);
  if (se === 0) return { changeUs, ciUs: [changeUs, changeUs], pValue: changeUs === 0 ? 1 : 0, df };
  const half = studentTQuantile(1 - (1 - confidence) / 2, df) * se;
  const t = Math.abs(changeUs) / se;
  return { changeUs, ciUs: [changeUs - half, changeUs + half], pValue: Math.min(1, 2 * (1 - studentTCdf(t, df))), df };
}
