/**
 * Tonight against the history, row by row — (profile, load level, percentile): is tonight's tax
 * what the last comparable nights predict (`predictTonight`), or did it move by a change that
 * matters? The run level is modelled by the nights themselves (their spread holds each night's
 * offset and its rounds' noise), so no single baseline run's luck decides the verdict.
 *
 * Nights compared: the same scenario, machine fingerprint, Envoy version and fidelity, completed,
 * not quick, started before tonight, at most `window` of the latest, and not noisy at the row —
 * unless tonight and at least half of the latest `window` nights were disturbed at the row: then
 * disturbance is the machine's usual state, and tonight is judged against those nights as they are.
 * Tonight's tax is recomputed from its histograms by the statistic its own summary uses (merged
 * histograms), so the nights and tonight are the same figure.
 */
import type { RegressionSettings } from '../config/schema.js';
import { DEFAULT_RESAMPLES } from '../stats/bootstrap-ci.js';
import type { HistoryEntry } from '../record/index.js';
import { describeFingerprint, fingerprint } from './fingerprint.js';
import { predictTonight, MIN_NIGHTS_TO_PREDICT, type HistoryPrediction, type Night } from './history-prediction.js';
import { runTaxes, type RunTaxes } from './merged-change.js';
import { studentTQuantile } from '../stats/index.js';
import { disturbance, limitsFor, type ComparableRecord } from './noise.js';
import { levelKey, levelOf, measuredTrials, type LevelKey } from './trial-samples.js';
import { speedOf } from './speed-fit.js';
import { disturbanceIsUsual } from './history.js';
import { decideRow, noChangeBand, worstVerdict, type CompareVerdict } from './verdict.js';

/** The latest nights a prediction rests on. */
export const DEFAULT_HISTORY_WINDOW = 20;

export interface HistoryComparedRow extends LevelKey {
  readonly percentile: number;
  readonly currentTaxUs: number | null;
  /** null: fewer than MIN_NIGHTS_TO_PREDICT comparable nights at this row. */
  readonly prediction: HistoryPrediction | null;
  readonly minEffectUs: number;
  /** ± this, µs, holds the whole prediction interval of a no-change (regression.noChangeBandUs at the percentile). */
  readonly noChangeBandUs: number;
  readonly verdict: CompareVerdict;
  readonly reason: string;
  /** Disturbances of tonight's run at this level. */
  readonly noise: string[];
}

export interface HistoryComparison {
  readonly scenario: string;
  readonly runId: string;
  readonly environment: string;
  readonly envoyVersion: string;
  readonly window: number;
  readonly settings: { readonly alpha: number; readonly minEffectUs: number; readonly minEffectPct: number; readonly noChangeBandUs: Readonly<Record<string, number>>; readonly confidence: number };
  readonly rows: HistoryComparedRow[];
  /** The worst row: regression > noisy > cant-tell > improvement > no-change. */
  readonly verdict: CompareVerdict;
}

export interface AgainstHistoryOptions {
  readonly regression: RegressionSettings;
  /**
   * Of the interval of the change; default tonight's stated confidence (a stopped run's, not its
   * looks'), as `compare A B` judges: "no change" (the interval within the band) then promises the
   * same both ways. A regression still needs p ≤ alpha, whatever the interval's level.
   */
  readonly confidence?: number;
  readonly window?: number;
}

export function compareWithHistory(current: ComparableRecord, entries: readonly HistoryEntry[], options: AgainstHistoryOptions): HistoryComparison {
  const settings = options.regression;
  const window = options.window ?? DEFAULT_HISTORY_WINDOW;
  const confidence = options.confidence ?? current.stopping?.confidence ?? current.settings.confidence;
  const like = { environment: describeFingerprint(fingerprint(current)), envoyVersion: current.envoy.version, fidelity: current.fidelity.level };
  const nights = entries
    .filter((e) => e.scenario === current.scenario.name && e.runId !== current.runId && e.startedAt < current.startedAt)
    .filter((e) => e.state === 'completed' && !e.quick && e.environment === like.environment && e.envoyVersion === like.envoyVersion && e.fidelity === like.fidelity)
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const percentiles = [...new Set(current.summary.map((r) => r.percentile))];
  const levels = new Map(current.summary.map((r) => [levelKey(r), levelOf(r)]));
  const tonightByLevel = new Map([...levels].map(([key, level]): [string, RunTaxes] => [key, runTaxes(measuredTrials(current, level), percentiles, { resamples: DEFAULT_RESAMPLES, seed: 1 })]));
  const tonightAt = (level: LevelKey, percentile: number): { taxUs: number; seUs: number; rounds: number } => {
    const taxes = tonightByLevel.get(levelKey(level))!;
    const k = percentiles.indexOf(percentile);
    return { taxUs: taxes.taxUs[k] ?? Number.NaN, seUs: taxes.seUs[k] ?? Number.NaN, rounds: taxes.rounds };
  };
  const rows = current.summary.map((r): HistoryComparedRow => {
    const level = levelOf(r);
    const noise = disturbance(current, level, limitsFor(level.profile, settings)).reasons;
    const measured = tonightAt(level, r.percentile);
    const tonight: Night = { ...measured, speedUs: speedOf(current.summary, level) };
    const all = nightsAt(nights, level, r.percentile);
    const recent = all.slice(-window);
    // too few nights predict nothing either way
    const chronic = noise.length > 0 && disturbanceIsUsual({ nights: recent.length, disturbed: recent.filter((n) => n.noisy).length });
    // on a machine that is usually disturbed, its usual nights are the disturbed ones
    const pastNights = chronic ? recent : all.filter((n) => !n.noisy).slice(-window);
    const prediction = predictTonight(pastNights, tonight, confidence);
    const decision = Number.isFinite(tonight.taxUs)
      ? decide(prediction, { percentile: r.percentile, nights: pastNights.length, rounds: r.rounds }, { noise, chronic, noisyNights: recent.filter((n) => n.noisy).length, recentNights: recent.length }, settings)
      : { minEffectUs: settings.minEffectUs, noChangeBandUs: noChangeBand(r.percentile, settings.minEffectUs, settings), verdict: 'cant-tell' as const, reason: 'tonight has no tax at this row (no round with both sides)' };
    return { ...level, percentile: r.percentile, currentTaxUs: Number.isFinite(tonight.taxUs) ? tonight.taxUs : null, prediction, noise, ...decision };
  });
  return {
    scenario: current.scenario.name,
    runId: current.runId,
    environment: like.environment,
    envoyVersion: like.envoyVersion,
    window,
    settings: { alpha: settings.alpha, minEffectUs: settings.minEffectUs, minEffectPct: settings.minEffectPct, noChangeBandUs: { ...settings.noChangeBandUs }, confidence },
    rows,
    verdict: worstVerdict(rows.map((row) => row.verdict)),
  };
}

/** The nights' taxes at one row, each with that night's baseline p50 at the level, and whether it was disturbed there. */
function nightsAt(entries: readonly HistoryEntry[], level: LevelKey, percentile: number): (Night & { readonly noisy: boolean })[] {
  return entries.flatMap((e) => {
    const row = e.rows.find((r) => levelKey(r) === levelKey(level) && r.percentile === percentile);
    if (!row || row.taxUs === null) return [];
    return [{ taxUs: row.taxUs, speedUs: speedOf(e.rows, level), seUs: standardError(row, e.confidence), rounds: row.rounds, noisy: row.noisy }];
  });
}

/** A night's SE from its interval: half-width over t(rounds − 1), as runToRunSpread reads it. */
function standardError(row: { ciUs: [number | null, number | null]; rounds: number }, confidence: number): number | null {
  const [low, high] = row.ciUs;
  if (low === null || high === null || row.rounds < 2) return null;
  return (high - low) / 2 / studentTQuantile(1 - (1 - confidence) / 2, row.rounds - 1);
}

function decide(
  prediction: HistoryPrediction | null,
  { percentile, nights, rounds }: { percentile: number; nights: number; rounds: number },
  tonightsNoise: { noise: readonly string[]; chronic: boolean; noisyNights: number; recentNights: number },
  settings: RegressionSettings,
): Pick<HistoryComparedRow, 'minEffectUs' | 'noChangeBandUs' | 'verdict' | 'reason'> {
  if (prediction === null) {
    return { minEffectUs: settings.minEffectUs, noChangeBandUs: noChangeBand(percentile, settings.minEffectUs, settings), verdict: 'cant-tell', reason: `${nights} comparable night(s) in the history at this row; a prediction needs ${MIN_NIGHTS_TO_PREDICT}` };
  }
  const decision = decideRow(
    { percentile, baselineRounds: nights, currentRounds: rounds, baselineTaxUs: prediction.predictedTaxUs, changeUs: prediction.changeUs, changeCiUs: [prediction.ciUs[0], prediction.ciUs[1]], pValue: prediction.pValue, fixedVarianceShare: prediction.fixedVarianceShare, noisy: tonightsNoise.noise.length > 0, noiseIsChronic: tonightsNoise.chronic },
    settings,
  );
  const which = tonightsNoise.chronic ? `, disturbed ones included (${tonightsNoise.noisyNights} of the last ${tonightsNoise.recentNights} were)` : '';
  const basis = prediction.note === null ? `${nights} nights${which}, adjusted for the machine's speed` : `the mean of ${nights} nights${which} (not adjusted for speed: ${prediction.note})`;
  return { minEffectUs: decision.minEffectUs, noChangeBandUs: decision.noChangeBandUs, verdict: decision.verdict, reason: `${decision.reason}; predicted from ${basis}` };
}
