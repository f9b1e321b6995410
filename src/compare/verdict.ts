/**
 * The verdict of one compared row. Statistical and practical significance are both required, as
 * Chromium's and Mozilla's dashboards do; when neither "changed" nor "unchanged" can be shown, the
 * answer is `cant-tell` with a bounded number of extra rounds to run — Pinpoint's "collect more
 * samples rather than guess".
 */
import { MIN_ROUNDS_FOR_INTERVAL } from '../stats/round-intervals.js';
import type { ConfidenceInterval } from '../stats/types.js';

export type CompareVerdict = 'regression' | 'improvement' | 'no-change' | 'cant-tell' | 'noisy';

const WORST_FIRST: readonly CompareVerdict[] = ['regression', 'noisy', 'cant-tell', 'improvement', 'no-change'];

/** The worst of the rows' verdicts: regression > noisy > cant-tell > improvement > no-change; cant-tell when there are none. */
export function worstVerdict(verdicts: readonly CompareVerdict[]): CompareVerdict {
  return WORST_FIRST.find((v) => verdicts.includes(v)) ?? 'cant-tell';
}

export interface RowEvidence {
  /** The row's percentile (50, 99.9): it picks the no-change band. */
  readonly percentile: number;
  /** Rounds behind each side's median tax. */
  readonly baselineRounds: number;
  readonly currentRounds: number;
  /** Median of the baseline's per-round taxes, µs (NaN when it has no rounds). */
  readonly baselineTaxUs: number;
  /** median(current) − median(baseline), µs. */
  readonly changeUs: number;
  readonly changeCiUs: ConfidenceInterval;
  /** p-value of the rank test on per-round taxes. */
  readonly pValue: number;
  /**
   * The share of the change's variance that more rounds of the current run cannot shrink (the
   * baseline's rounds, how much runs differ), 0–1. Absent: both sides' rounds alone, each round
   * as variable as the other side's.
   */
  readonly fixedVarianceShare?: number;
  /** Either record was disturbed at this level (see `disturbance`). */
  readonly noisy: boolean;
  /**
   * The disturbance is the machine's usual state, not tonight's bad luck: at least half of the
   * recent comparable nights were disturbed (or, with too few of them, both runs compared were).
   * Only then is a disturbed row judged.
   */
  readonly noiseIsChronic?: boolean;
}

export interface VerdictSettings {
  readonly alpha: number;
  readonly minEffectUs: number;
  readonly minEffectPct: number;
  readonly maxExtraRounds: number;
  /** Per percentile ("99.9"), the ± band within which the change counts as none (config regression.noChangeBandUs). */
  readonly noChangeBandUs?: Readonly<Record<string, number>>;
}

/** The no-change band at a percentile: the configured one, never narrower than the change that matters. */
export function noChangeBand(percentile: number, minEffectUs: number, settings: Pick<VerdictSettings, 'noChangeBandUs'>): number {
  return Math.max(minEffectUs, settings.noChangeBandUs?.[String(percentile)] ?? 0);
}

export interface RowDecision {
  readonly verdict: CompareVerdict;
  /** The change that matters here: max(minEffectUs, minEffectPct % of the baseline tax), µs. */
  readonly minEffectUs: number;
  /** ± this, µs, holds the whole interval of a `no-change` (never below minEffectUs). */
  readonly noChangeBandUs: number;
  /** Why, in one sentence. */
  readonly reason: string;
  /**
   * For `cant-tell`: rounds to add to the current run (≤ maxExtraRounds); null otherwise, and for a
   * `cant-tell` that more rounds of the current run cannot settle (its reason says so).
   */
  readonly extraRounds: number | null;
}

/**
 * regression  — p ≤ alpha, the CI of the change lies above 0, and the change ≥ the minimum effect;
 * improvement — the same, downwards;
 * no-change   — the whole CI of the change lies within ± the no-change band at the percentile
 *               (regression.noChangeBandUs, at least the minimum effect): an equivalence test;
 * cant-tell   — anything else (too few rounds, or the CI reaches past the band without a
 *               significant change that matters): run `extraRounds` more;
 * noisy       — either machine was disturbed: re-run on a quiet machine. Unless the disturbance
 *               is chronic (`noiseIsChronic`): a machine that is always over a noise limit must not
 *               silence every comparison, and baseline and mesh share the disturbance in each round,
 *               so there a change that clears the minimum effect even at the end of its interval is
 *               called, and so is a no-change; the rest stays noisy. A one-off disturbance is never
 *               judged: a run on a bad night (CPU steal bursts to 51%) moved the p90 tax by +4.4 ms.
 */
export function decideRow(evidence: RowEvidence, settings: VerdictSettings): RowDecision {
  const decision = decideOnNumbers(evidence, settings);
  if (!evidence.noisy) return decision;
  const noisy = (why: string): RowDecision => ({ verdict: 'noisy', minEffectUs: decision.minEffectUs, noChangeBandUs: decision.noChangeBandUs, reason: `${why} (${decision.verdict}: ${decision.reason}); re-run on a quiet machine`, extraRounds: null });
  if (!evidence.noiseIsChronic) return noisy('the machine was disturbed during one of the runs, and is not usually');
  const [low, high] = evidence.changeCiUs;
  const clear = (decision.verdict === 'regression' && low > decision.minEffectUs) || (decision.verdict === 'improvement' && -high > decision.minEffectUs);
  if (clear) return { ...decision, reason: `${decision.reason}; the machine is usually disturbed, and the change clears the ${us(decision.minEffectUs)} µs that matters even at the end of its interval` };
  if (decision.verdict === 'no-change') return { ...decision, reason: `${decision.reason}, though the machine is usually disturbed` };
  return noisy('the machine is usually disturbed and the change does not clear that');
}

function decideOnNumbers(evidence: RowEvidence, settings: VerdictSettings): RowDecision {
  const minEffectUs = effectFloor(evidence.baselineTaxUs, settings);
  const bandUs = noChangeBand(evidence.percentile, minEffectUs, settings);
  const [low, high] = evidence.changeCiUs;
  const change = evidence.changeUs;
  const decided = (verdict: CompareVerdict, reason: string): RowDecision => ({ verdict, minEffectUs, noChangeBandUs: bandUs, reason, extraRounds: null });
  if (evidence.baselineRounds < MIN_ROUNDS_FOR_INTERVAL || evidence.currentRounds < MIN_ROUNDS_FOR_INTERVAL) {
    return { verdict: 'cant-tell', minEffectUs, noChangeBandUs: bandUs, reason: `too few rounds to compare (baseline ${evidence.baselineRounds}, current ${evidence.currentRounds}; at least ${MIN_ROUNDS_FOR_INTERVAL} each)`, extraRounds: boundedExtra(Math.max(MIN_ROUNDS_FOR_INTERVAL, evidence.currentRounds) * 2 - evidence.currentRounds, settings) };
  }
  const significant = evidence.pValue <= settings.alpha;
  if (significant && change >= minEffectUs && low > 0) return decided('regression', `the tax grew by ${us(change)} µs (p = ${p(evidence.pValue)} ≤ ${settings.alpha}), more than the ${us(minEffectUs)} µs that matters`);
  if (significant && -change >= minEffectUs && high < 0) return decided('improvement', `the tax fell by ${us(-change)} µs (p = ${p(evidence.pValue)} ≤ ${settings.alpha}), more than the ${us(minEffectUs)} µs that matters`);
  if (low >= -bandUs && high <= bandUs) return decided('no-change', `the change is within ±${us(bandUs)} µs with the stated confidence${bandUs > minEffectUs ? ` (the no-change band at p${evidence.percentile})` : ''}`);
  const why = significant
    ? `the taxes differ (p = ${p(evidence.pValue)}) but the change, ${signed(change)} µs, cannot yet be told from the ${us(minEffectUs)} µs that matters`
    : `no significant difference (p = ${p(evidence.pValue)}), but the interval of the change reaches past ±${us(bandUs)} µs`;
  const extraRounds = extraRoundsFor(evidence, minEffectUs, bandUs, settings);
  if (extraRounds === 'cannot') {
    const floorUs = ((high - low) / 2) * Math.sqrt(evidence.fixedVarianceShare ?? 1);
    return { verdict: 'cant-tell', minEffectUs, noChangeBandUs: bandUs, reason: `${why}; more rounds of this run cannot settle it: the part they cannot shrink (the baseline's own noise and how much runs differ) spans ±${us(floorUs)} µs alone`, extraRounds: null };
  }
  return { verdict: 'cant-tell', minEffectUs, noChangeBandUs: bandUs, reason: why, extraRounds };
}

/** max(minEffectUs, minEffectPct % of |baseline tax|). */
export function effectFloor(baselineTaxUs: number, settings: Pick<VerdictSettings, 'minEffectUs' | 'minEffectPct'>): number {
  const relative = Number.isFinite(baselineTaxUs) ? (Math.abs(baselineTaxUs) * settings.minEffectPct) / 100 : 0;
  return Math.max(settings.minEffectUs, relative);
}

/**
 * Rounds to add to the current run so the CI half-width shrinks below the distance that resolves
 * the row: the room between the change and the no-change band, or the distance between the change
 * and the change that matters (the same distance when the band is the minimum effect). Assumes the
 * spread per round stays as it is. Only the current run's part of the variance shrinks with its
 * rounds (∝ 1/n); the rest — the baseline's rounds, how much runs differ — stays. 'cannot' when
 * that rest alone is wider than the room: no number of rounds settles it.
 */
function extraRoundsFor(evidence: RowEvidence, minEffectUs: number, bandUs: number, settings: VerdictSettings): number | 'cannot' {
  const [low, high] = evidence.changeCiUs;
  const nA = evidence.baselineRounds;
  const nB = evidence.currentRounds;
  if (!Number.isFinite(low) || !Number.isFinite(high)) return boundedExtra(nB, settings);
  const halfWidth = (high - low) / 2;
  const size = Math.abs(evidence.changeUs);
  // Room to the band (a no-change), or from the change that matters (a regression's point must stay past it).
  const gap = Math.max(bandUs - size, size - minEffectUs);
  if (gap === 0 || halfWidth === 0) return boundedExtra(settings.maxExtraRounds, settings);
  const fixed = evidence.fixedVarianceShare ?? 1 / nA / (1 / nA + 1 / nB);
  // the variance that would settle it, as a share of today's: fixed + (1 − fixed) · nB / n' ≤ room
  const room = (gap / halfWidth) ** 2;
  if (room <= fixed) return evidence.fixedVarianceShare === undefined ? boundedExtra(settings.maxExtraRounds, settings) : 'cannot';
  return boundedExtra(Math.ceil(((1 - fixed) * nB) / (room - fixed)) - nB, settings);
}

function boundedExtra(extra: number, settings: Pick<VerdictSettings, 'maxExtraRounds'>): number {
  return Math.min(settings.maxExtraRounds, Math.max(1, extra));
}

const us = (x: number) => `${Math.round(Math.abs(x))}`;
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.round(Math.abs(x))}`;
const p = (x: number) => (x < 0.001 ? x.toExponential(1) : x.toFixed(3));
