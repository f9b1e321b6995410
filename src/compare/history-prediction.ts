/**
 * What the history predicts for tonight's tax, and how far tonight may fall from it by chance.
 *
 * Runs differ from each other more than rounds do, and a night's tax carries its run's offset
 * (machine speed that night, placement) on top of its rounds' noise. Past nights of the same
 * machine, Envoy and mode show both at once: the spread of their taxes. So tonight is judged as a
 * new observation against a prediction interval from the last nights (Perfherder's windowed
 * approach, with the classical interval instead of a fixed threshold):
 *
 * - `nights-mean`: the mean of the nights; tonight − mean has SD s·√(1 + 1/N), t with N − 1 df.
 * - `speed-adjusted`: the tax follows the machine's speed (on the 2-vCPU VM the p50 tax and the
 *   baseline p50 correlated 0.75 over 26 quiet runs), so with enough nights the tax is regressed
 *   on the night's baseline p50 and tonight is compared with the fitted line at its own speed:
 *   SD s·√(1 + 1/N + (x − x̄)²/Sxx), t with N − 2 df. Used only when tonight's speed is within
 *   reach of the nights' (src/compare/speed-fit.ts): a baseline far outside it may be a change of
 *   the app, not of the machine, and must not be explained away.
 *
 * The rounds' noise of tonight's run is inside s (each past night had its own), which holds when
 * tonight's run is as precise as the nights'. When it is not (a stall in some rounds, fewer
 * rounds), the excess of tonight's own variance over the nights' mean one, SE² − mean(SEᵢ²), is
 * added, with its rounds − 1 degrees of freedom (Welch–Satterthwaite): a run too noisy to stand
 * behind widens its interval instead of being judged as if it were like the others.
 *
 * When every night and tonight know their SE, the speed-adjusted prediction is the pairwise route's
 * weighted line instead (nights-speed-line.ts, a random-effects meta-regression): tonight − line
 * has variance τ² + the line's own at tonight's speed + tonight's SE², each night weighted by
 * 1/(SEᵢ² + τ²). The unweighted s² holds the nights' mean SE², so at p99 a quiet night was judged
 * against the stalled nights' rounds (their SEs 500–800 µs, a quiet one's 30–90): it could not be
 * answered however quiet it was. Weighted, a night's own stall widens only its own interval. When
 * the nights spread less than their SEs claim (dispersion below 1: the round bootstrap overstates a
 * run's SE), tonight's SE² is scaled by the dispersion (seScaleOf), as pairwise.
 */
import { studentTCdf, studentTQuantile } from '../stats/index.js';
import { scaledSeDf, seScaleOf } from './merged-change.js';
import { fitNightsLine, lineAt } from './nights-speed-line.js';
import { fitSpeed, speedReach, taxAtSpeed, withinReach, type SpeedFit } from './speed-fit.js';

/** One night at one row: its tax, and its baseline p50 (the machine's speed that night), µs. */
export interface Night {
  readonly taxUs: number;
  readonly speedUs: number | null;
  /** The night's own standard error of the tax, µs, and the rounds behind it; null: unknown. */
  readonly seUs?: number | null;
  readonly rounds?: number;
}

export type PredictionMethod = 'nights-mean' | 'speed-adjusted';

export interface HistoryPrediction {
  readonly method: PredictionMethod;
  readonly nights: number;
  /** What the nights predict for tonight, µs. */
  readonly predictedTaxUs: number;
  /** tonight − predicted, µs. */
  readonly changeUs: number;
  /** The prediction interval of the change at the asked confidence. */
  readonly ciUs: readonly [number, number];
  /** Two-sided p-value of "tonight is like the nights". */
  readonly pValue: number;
  readonly df: number;
  /** SD of tonight − predicted, µs. */
  readonly sdUs: number;
  /** The share of sdUs² that more rounds tonight cannot shrink (all but tonight's excess over the nights' precision), 0–1. */
  readonly fixedVarianceShare: number;
  /** Why the speed adjustment was not used, when it was not; null when it was. */
  readonly note: string | null;
}

/** Fewer nights than this predict nothing. */
export const MIN_NIGHTS_TO_PREDICT = 5;
/** The speed adjustment spends a degree of freedom on its slope: only with at least this many nights. */
export const MIN_NIGHTS_TO_ADJUST_FOR_SPEED = 8;

export function predictTonight(nights: readonly Night[], tonight: Night, confidence: number): HistoryPrediction | null {
  if (nights.length < MIN_NIGHTS_TO_PREDICT || !Number.isFinite(tonight.taxUs)) return null;
  const { line, why } = speedLine(nights, tonight);
  const weighted = line ? weightedSpeedAdjusted(nights, tonight, tonight.speedUs!) : null;
  const fit = weighted ?? withTonightsExcess(line ? speedAdjusted(line, tonight.speedUs!) : nightsMean(nights), nights, tonight);
  const changeUs = tonight.taxUs - fit.predictedTaxUs;
  const t = studentTQuantile(1 - (1 - confidence) / 2, fit.df);
  const half = t * fit.sdUs;
  const pValue = fit.sdUs === 0 ? (changeUs === 0 ? 1 : 0) : Math.min(1, 2 * (1 - studentTCdf(Math.abs(changeUs) / fit.sdUs, fit.df)));
  const { excessVariance, ...figures } = fit;
  const fixedVarianceShare = fit.sdUs === 0 ? 1 : 1 - excessVariance / fit.sdUs ** 2;
  return { ...figures, nights: nights.length, changeUs, ciUs: [changeUs - half, changeUs + half], pValue, fixedVarianceShare, note: why };
}

interface Fit {
  readonly method: PredictionMethod;
  readonly predictedTaxUs: number;
  readonly sdUs: number;
  readonly df: number;
  /** The part of sdUs² more rounds tonight would shrink (its own variance beyond the nights'; weighted: all of it), µs². */
  readonly excessVariance: number;
}

function nightsMean(nights: readonly Night[]): Fit {
  const n = nights.length;
  const mean = nights.reduce((s, x) => s + x.taxUs, 0) / n;
  const variance = nights.reduce((s, x) => s + (x.taxUs - mean) ** 2, 0) / (n - 1);
  return { method: 'nights-mean', predictedTaxUs: mean, sdUs: Math.sqrt(variance * (1 + 1 / n)), df: n - 1, excessVariance: 0 };
}

function speedAdjusted(fit: SpeedFit, speedUs: number): Fit {
  const n = fit.nights;
  const sd = Math.sqrt(fit.residualVariance * (1 + 1 / n + (speedUs - fit.meanSpeedUs) ** 2 / fit.sxx));
  return { method: 'speed-adjusted', predictedTaxUs: taxAtSpeed(fit, speedUs), sdUs: sd, df: n - 2, excessVariance: 0 };
}

/**
 * Tonight against the nights' weighted line at its speed (see the top); null when a night or
 * tonight has no SE, or the line cannot be fitted. Degrees of freedom by Welch–Satterthwaite: the
 * line's part (τ² and its own uncertainty) on nights − 2, tonight's rounds on rounds − 1 (with the
 * scale's nights − 1 when scaled, as merged-change.ts does).
 */
function weightedSpeedAdjusted(nights: readonly Night[], tonight: Night, speedUs: number): Fit | null {
  const tonightSeUs = seOf(tonight);
  if (!Number.isFinite(tonightSeUs)) return null;
  // speedLine has seen every speed; the line itself refuses a night without a positive SE
  const line = fitNightsLine(nights.map((n) => ({ taxUs: n.taxUs, speedUs: n.speedUs!, seUs: seOf(n) })));
  if (line === null) return null;
  const at = lineAt(line, speedUs);
  const lineVariance = line.offsetVariance + at.varianceUs2;
  const seScale = seScaleOf(line.dispersion);
  const own = seScale * tonightSeUs ** 2;
  return { method: 'speed-adjusted', predictedTaxUs: at.taxUs, sdUs: Math.sqrt(lineVariance + own), df: weightedDf(line.nights, lineVariance, own, seScale, tonight.rounds ?? 2), excessVariance: own };
}

function weightedDf(nights: number, lineVariance: number, own: number, seScale: number, rounds: number): number {
  const ownDf = scaledSeDf(Math.max(1, rounds - 1), seScale, nights);
  return (lineVariance + own) ** 2 / (lineVariance ** 2 / (nights - 2) + own ** 2 / ownDf);
}

/** A night's SE; NaN when unknown. */
const seOf = (night: Night): number => night.seUs ?? Number.NaN;

/** Adds the part of tonight's own variance the nights' spread does not hold (see the top). */
function withTonightsExcess(fit: Fit, nights: readonly Night[], tonight: Night): Fit {
  const known = nights.map(seOf).filter(Number.isFinite);
  const tonightSeUs = seOf(tonight);
  if (!Number.isFinite(tonightSeUs) || known.length < nights.length) return fit;
  const excess = tonightSeUs ** 2 - known.reduce((s, se) => s + se ** 2, 0) / known.length;
  if (excess <= 0) return fit;
  const base = fit.sdUs ** 2;
  const excessDf = Math.max(1, (tonight.rounds ?? 2) - 1);
  const df = (base + excess) ** 2 / (base ** 2 / fit.df + excess ** 2 / excessDf);
  return { ...fit, sdUs: Math.sqrt(base + excess), df, excessVariance: excess };
}

/** The nights' speed line, or why tonight cannot be judged on it. */
function speedLine(nights: readonly Night[], tonight: Night): { line: SpeedFit | null; why: string | null } {
  if (nights.length < MIN_NIGHTS_TO_ADJUST_FOR_SPEED) return { line: null, why: `${nights.length} nights; the speed adjustment needs ${MIN_NIGHTS_TO_ADJUST_FOR_SPEED}` };
  if (tonight.speedUs === null || nights.some((n) => n.speedUs === null)) return { line: null, why: 'a night without its baseline p50' };
  const line = fitSpeed(nights.map((n) => ({ taxUs: n.taxUs, speedUs: n.speedUs! })));
  if (line === null) return { line: null, why: 'every night had the same baseline p50' };
  if (!withinReach(line, tonight.speedUs)) {
    const [low, high] = speedReach(line).map(Math.round);
    return { line: null, why: `tonight's baseline p50, ${Math.round(tonight.speedUs)} µs, lies outside the ${low}–${high} µs the nights' ${Math.round(line.lowSpeedUs)}–${Math.round(line.highSpeedUs)} µs reach (a change of the app or machine is not explained away)` };
  }
  return { line, why: null };
}
