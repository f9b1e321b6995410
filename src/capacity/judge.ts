/**
 * Whether one load level of the capacity search passes: errors within the threshold, every trial
 * valid (a driver that fell behind is a stop with its reason, never a pass), and the whole
 * confidence interval of the tax at the search's percentile within the budget. Pure.
 */
import { ciText, pText, usText } from './words.js';

export type LevelOutcome =
  | 'pass'
  /** The CI's lower end is above the budget. */
  | 'over-budget'
  /** The CI reaches past the budget, or is unknown: not shown to be within it. */
  | 'uncertain'
  /** More requests failed than `maxErrorPct` allows. */
  | 'errors'
  /** A trial was invalid (e.g. the load driver fell behind its schedule). */
  | 'invalid';

export interface LevelCriteria {
  readonly budgetUs: number;
  readonly percentile: number;
  readonly maxErrorPct: number;
}

export interface LevelFigures {
  /** CI of the median tax at the criteria's percentile, µs; null ends: unknown. */
  readonly taxCiUs: readonly [number | null, number | null];
  /** Failed requests through the mesh, % of those sent. */
  readonly errorPct: number;
  /** Why trials were invalid, grouped; empty when every trial was valid. */
  readonly invalidReasons: readonly string[];
  readonly invalidTrials: number;
}

export interface LevelJudgement {
  readonly outcome: LevelOutcome;
  readonly passed: boolean;
  /** The deciding figure in words. */
  readonly reason: string;
}

export function judgeLevel(figures: LevelFigures, criteria: LevelCriteria): LevelJudgement {
  const fail = (outcome: LevelOutcome, reason: string): LevelJudgement => ({ outcome, passed: false, reason });
  if (figures.errorPct > criteria.maxErrorPct) {
    return fail('errors', `${figures.errorPct.toFixed(2)}% of requests through the mesh failed (at most ${criteria.maxErrorPct}% allowed)`);
  }
  const tax = `${pText(criteria.percentile)} tax CI ${ciText(figures.taxCiUs)}`;
  if (figures.invalidTrials > 0) {
    return fail('invalid', `${figures.invalidTrials} trial(s) invalid — ${figures.invalidReasons.join('; ') || 'no reason given'} (${tax} from the valid ones)`);
  }
  const [lo, hi] = figures.taxCiUs;
  const budget = `the ${usText(criteria.budgetUs)} budget`;
  if (lo === null || hi === null) return fail('uncertain', `${tax}: too few valid rounds to bound the tax`);
  if (hi <= criteria.budgetUs) return { outcome: 'pass', passed: true, reason: `${tax} within ${budget}` };
  if (lo > criteria.budgetUs) return fail('over-budget', `${tax} entirely above ${budget}`);
  return fail('uncertain', `${tax} reaches past ${budget}`);
}
