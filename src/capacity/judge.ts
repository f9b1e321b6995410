/**
 * Whether one load level of the capacity search passes: errors within the threshold, and the tax
 * at the search's percentile judged as the main run judges it — the whole confidence interval
 * within the budget, no interval below the minimum rounds, and the dropped-data rules of
 * src/stats/dropped.ts (too many trials dropped, or drops on one side, withhold the verdict they
 * could flatter). An invalid trial no longer ends a level by itself: it is retried, and what is
 * still dropped after its retries weighs through those rules. Pure.
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
  /** The measurement gave out: too few valid rounds for an interval, or dropped trials withheld the verdict. */
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
  /** Rounds with a valid trial of both sides (the interval's rounds). */
  readonly rounds: number;
  /** Fewest rounds an interval is given for. */
  readonly minRounds: number;
  /** Why the dropped trials withhold a PASS / a FAIL (src/stats/dropped.ts), null when they do not. */
  readonly withheld: { readonly pass: string | null; readonly fail: string | null };
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
  const dropped = figures.invalidTrials > 0 ? ` (${figures.invalidTrials} trial(s) dropped: ${figures.invalidReasons.join('; ') || 'no reason given'})` : '';
  const [lo, hi] = figures.taxCiUs;
  if (figures.rounds < figures.minRounds || lo === null || hi === null) {
    const outcome = figures.invalidTrials > 0 ? 'invalid' : 'uncertain';
    const why = figures.rounds < figures.minRounds ? `${figures.rounds} valid round(s), an interval needs ${figures.minRounds}` : `${tax} has an unknown end`;
    return fail(outcome, `${why}: the tax is not bounded${dropped}`);
  }
  const budget = `the ${usText(criteria.budgetUs)} budget`;
  if (hi <= criteria.budgetUs) {
    if (figures.withheld.pass !== null) return fail('invalid', `${tax} within ${budget}, but ${figures.withheld.pass}`);
    return { outcome: 'pass', passed: true, reason: `${tax} within ${budget}${dropped}` };
  }
  if (lo > criteria.budgetUs) {
    if (figures.withheld.fail !== null) return fail('invalid', `${tax} above ${budget}, but ${figures.withheld.fail}`);
    return fail('over-budget', `${tax} entirely above ${budget}${dropped}`);
  }
  return fail('uncertain', `${tax} reaches past ${budget}${dropped}`);
}
