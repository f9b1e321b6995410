/**
 * The change of the tax between two runs, by the statistic the runs' own rows use: each run's tax
 * at a percentile from its merged histograms, its standard error from resampling its rounds; the
 * change is the difference, its interval a Welch t interval.
 *
 * Runs differ from each other more than rounds do (each run has its own offset: the machine, the
 * placement, the day). Rounds of one run cannot show that; past nights in the history can
 * (`runToRunSpread`): the spread s² of their taxes holds each night's offset and its rounds' noise
 * together, and m, the mean of their own SE², what their rounds' intervals claim. So:
 *
 * - s² ≥ m: the offset's variance is τ² = s² − m (method of moments, as a random-effects model's),
 *   and the change's variance 2τ² + SE_a² + SE_b².
 * - s² < m: the nights spread less than their own intervals say — the round bootstrap overstates
 *   the run's SE (at p99 on the 2-vCPU VM, each 28-round run's SE was about twice the SD of those
 *   runs' taxes: its stalls come more evenly than independent rounds would have them). Each run's
 *   SE² is then scaled by s²/m (never below MIN_SE_SCALE), so two runs as precise as the nights
 *   differ by 2s², as observed, and a less precise one (fewer rounds, a stall in some) still
 *   counts for more.
 *
 * Without a history τ is unknown and taken as 0, and the row says so. Much of the offset is the
 * machine's speed, which each run measures beside its tax (its baseline p50): with enough nights
 * the change is taken at equal speed along the nights' line, each night weighted by its own SE
 * (nights-speed-line.ts: the same rule as above when the SEs are equal, τ² and the dispersion
 * about the line), the line's slope adding its own uncertainty.
 */
import type { TrialRecord } from '../record/schema.js';
import { MergedTax, roundSpectra, studentTCdf, studentTQuantile, taxStandardErrors, type ConfidenceInterval } from '../stats/index.js';
import { trialSpectrum } from '../summary/index.js';
import type { NightsSpeedLine } from './nights-speed-line.js';
import { withinReach } from './speed-fit.js';

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

/** How past nights like the runs compared differed at one row, and how many nights that rests on. */
export interface RunToRun {
  readonly nights: number;
  /** SD of the nights' taxes, µs: each night's offset and its rounds' noise together. */
  readonly spreadUs: number;
  /** RMS of the nights' own standard errors, µs: what a run of typical precision brings from its rounds. */
  readonly typicalSeUs: number;
  /**
   * The nights' tax against their speed, each night weighted by its precision (nights-speed-line.ts);
   * null when too few nights had a speed, or all the same one. Used when both runs are within its
   * reach.
   */
  readonly speed?: NightsSpeedLine | null;
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
  /** τ, the SD of the runs' offsets that entered the variance (about the speed line when adjusted), µs; null: no history. */
  readonly runToRunSdUs: number | null;
  /** What each run's SE² was multiplied by: below 1 when past nights spread less than their own intervals claimed. */
  readonly seScale: number;
  /**
   * The share of the change's variance that more rounds of the current run cannot shrink (the
   * baseline's part and the runs' spread), 0–1; NaN when the change is unknown.
   */
  readonly fixedVarianceShare: number;
}

/**
 * current − baseline, with the interval at `confidence`; unknown (±Infinity, p = 1) when a side has
 * no SE. With a run-to-run spread, the runs' variance is the nights' (see the top); when it has a
 * speed line and both runs are within its reach, the part of the change their speeds explain is
 * taken out, and the line's slope adds its own uncertainty.
 */
export function taxChange(baseline: ChangeSide, current: ChangeSide, runToRun: RunToRun | null, confidence: number): Change {
  const rawChangeUs = current.taxUs - baseline.taxUs;
  if (!Number.isFinite(baseline.seUs) || !Number.isFinite(current.seUs) || !Number.isFinite(rawChangeUs)) {
    return { changeUs: rawChangeUs, ciUs: [-Infinity, Infinity], pValue: 1, df: Number.NaN, speedAdjustmentUs: null, runToRunSdUs: null, seScale: 1, fixedVarianceShare: Number.NaN };
  }
  const parts = varianceParts(baseline, current, runToRun);
  const changeUs = rawChangeUs - (parts.speedAdjustmentUs ?? 0);
  const variance = parts.runLevel + parts.baseline + parts.current;
  const df = degreesOfFreedom(parts, baseline.rounds, current.rounds, runToRun?.nights ?? 0);
  const se = Math.sqrt(variance);
  const known = { df, speedAdjustmentUs: parts.speedAdjustmentUs, runToRunSdUs: parts.runToRunSdUs, seScale: parts.seScale, fixedVarianceShare: variance === 0 ? 1 : 1 - parts.current / variance };
  if (se === 0) return { changeUs, ciUs: [changeUs, changeUs], pValue: changeUs === 0 ? 1 : 0, ...known };
  const half = studentTQuantile(1 - (1 - confidence) / 2, df) * se;
  const t = Math.abs(changeUs) / se;
  return { changeUs, ciUs: [changeUs - half, changeUs + half], pValue: Math.min(1, 2 * (1 - studentTCdf(t, df))), ...known };
}

/**
 * Welch–Satterthwaite over the parts, the run level with the nights behind it. A scale below 1 is
 * itself estimated from the nights (s² on nights − 1 df): its relative variance adds to the runs'.
 */
function degreesOfFreedom(parts: VarianceParts, baselineRounds: number, currentRounds: number, nights: number): number {
  const term = (variance: number, df: number): number => (variance === 0 ? 0 : variance ** 2 / df);
  const own = parts.baseline + parts.current;
  const ownDf = own ** 2 / (term(parts.baseline, baselineRounds - 1) + term(parts.current, currentRounds - 1));
  const scaledDf = scaledSeDf(ownDf, parts.seScale, nights);
  const total = parts.runLevel + own;
  return total ** 2 / (term(parts.runLevel, Math.max(1, parts.runLevelDf)) + term(own, scaledDf));
}

interface VarianceParts {
  /** The runs' offsets: 2τ², and the speed line's slope when adjusted. */
  readonly runLevel: number;
  readonly runLevelDf: number;
  /** Each run's own rounds: its SE², scaled by seScale. */
  readonly baseline: number;
  readonly current: number;
  readonly seScale: number;
  readonly speedAdjustmentUs: number | null;
  readonly runToRunSdUs: number | null;
}

/**
 * The nights never shrink a run's SE by more than half (its SE² by more than ¾): a few nights that
 * happen to agree must not make a change exact. The overstatement seen at p99 on the 2-vCPU VM was
 * about 2× (SE² ×0.23).
 */
export const MIN_SE_SCALE = 0.25;

/** What each run's SE² is multiplied by: the nights' dispersion (their spread over their SEs' claim) when below 1, never below MIN_SE_SCALE. */
export const seScaleOf = (dispersion: number): number => Math.max(MIN_SE_SCALE, Math.min(1, dispersion));

/** The df of SEs scaled by seScale: their own, joined by the nights − 1 the scale was estimated on. */
export const scaledSeDf = (ownDf: number, seScale: number, nights: number): number => (seScale < 1 ? 1 / (1 / ownDf + 1 / Math.max(1, nights - 1)) : ownDf);

function varianceParts(baseline: ChangeSide, current: ChangeSide, runToRun: RunToRun | null): VarianceParts {
  if (runToRun === null) return { runLevel: 0, runLevelDf: 0, seScale: 1, baseline: baseline.seUs ** 2, current: current.seUs ** 2, speedAdjustmentUs: null, runToRunSdUs: null };
  const line = runToRun.speed;
  const [from, to] = [baseline.speedUs, current.speedUs];
  const atEqualSpeed = line && typeof from === 'number' && typeof to === 'number' && withinReach(line, from) && withinReach(line, to);
  const own = (offset: number, seScale: number) => ({ seScale, baseline: seScale * baseline.seUs ** 2, current: seScale * current.seUs ** 2, runToRunSdUs: Math.sqrt(offset) });
  if (atEqualSpeed) {
    const apart = to - from;
    const seScale = seScaleOf(line.dispersion);
    return { runLevel: 2 * line.offsetVariance + apart ** 2 * line.slopeVariance, runLevelDf: line.nights - 2, ...own(line.offsetVariance, seScale), speedAdjustmentUs: line.slope * apart };
  }
  const spread = runToRun.spreadUs ** 2;
  const typical = runToRun.typicalSeUs ** 2;
  const seScale = seScaleOf(typical > 0 ? spread / typical : 1);
  const offset = Math.max(0, spread - typical);
  return { runLevel: 2 * offset, runLevelDf: runToRun.nights - 1, ...own(offset, seScale), speedAdjustmentUs: null };
}
