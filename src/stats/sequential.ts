/**
 * When a run may stop adding rounds (issue 13 §3): it looks at its rounds only at planned round
 * counts (`looks`), and at each look judges every verdict percentile with intervals at the
 * Bonferroni-corrected confidence 1 − (1 − confidence)/K, K the number of planned looks. Whatever
 * look it stops at, the chance that any look gave a wrong decisive verdict on one side is then at
 * most (1 − confidence)/2 — the level a single fixed-length run promises. The price: each look's
 * interval is wider (K = 5 at 95%: each look at 99%).
 *
 * It stops at a look when the overall verdict is decided — every verdict percentile PASSes, or one
 * FAILs (no later round can turn a FAIL at the corrected level into a PASS) — or at the last look.
 * Its final rows are those of the look it stopped at, at the corrected confidence; the record must
 * state that confidence and the rule.
 */
import { summarize } from './summarize.js';
import type { TrialSpectrum } from './round-spectra.js';
import type { SummaryRow } from './types.js';
import { overallVerdict } from './verdict.js';

export interface StoppingPlan {
  /** Round counts at which the run looks, ascending; the last is the most it will run. */
  readonly looks: readonly number[];
  /** The run's stated confidence (its error rate is 1 − confidence over all looks). */
  readonly confidence: number;
}

export const DEFAULT_LOOKS: readonly number[] = [8, 14, 20, 28, 40];

export type StopReason = 'decided' | 'last-look' | 'not-a-look' | 'continue';

export interface StoppingDecision {
  readonly stop: boolean;
  readonly reason: StopReason;
  /** Confidence of each look's intervals. */
  readonly lookConfidence: number;
  /** The rows judged at this look (empty when the round count is not a look). */
  readonly rows: SummaryRow[];
  /** The rule in words, for the record. */
  readonly rule: string;
}

/** 1 − (1 − confidence)/K. */
export function lookConfidence(plan: StoppingPlan): number {
  return 1 - (1 - plan.confidence) / plan.looks.length;
}

export function stoppingRule(plan: StoppingPlan): string {
  return (
    `looks at ${plan.looks.join(', ')} rounds; at each, intervals at ${(100 * lookConfidence(plan)).toFixed(2)}% ` +
    `(Bonferroni over ${plan.looks.length} looks, so the run keeps its ${(100 * plan.confidence).toFixed(0)}% level); ` +
    `stops when every verdict percentile PASSes or one FAILs, else at ${plan.looks[plan.looks.length - 1]} rounds`
  );
}

export interface LookInput {
  readonly trials: readonly TrialSpectrum[];
  /** Rounds completed so far (rounds with a valid trial of both sides need not be all of them). */
  readonly roundsDone: number;
  readonly verdictPercentiles: readonly number[];
  readonly budgetUs: number;
  readonly plan: StoppingPlan;
  readonly resamples?: number;
  readonly seed?: number;
}

/** Whether the run stops after `roundsDone` rounds, and the rows it would stand on. */
export function shouldStop(input: LookInput): StoppingDecision {
  const { plan } = input;
  checkPlan(plan);
  const confidence = lookConfidence(plan);
  const rule = stoppingRule(plan);
  if (!plan.looks.includes(input.roundsDone)) {
    const past = input.roundsDone > plan.looks[plan.looks.length - 1]!;
    return { stop: past, reason: past ? 'last-look' : 'not-a-look', lookConfidence: confidence, rows: [], rule };
  }
  const rows = summarize({ trials: input.trials, percentiles: input.verdictPercentiles, budgetUs: input.budgetUs, confidence, resamples: input.resamples ?? 2000, ...(input.seed === undefined ? {} : { seed: input.seed }) });
  const verdict = overallVerdict(rows);
  if (verdict !== 'INCONCLUSIVE') return { stop: true, reason: 'decided', lookConfidence: confidence, rows, rule };
  const last = input.roundsDone === plan.looks[plan.looks.length - 1];
  return { stop: last, reason: last ? 'last-look' : 'continue', lookConfidence: confidence, rows, rule };
}

function checkPlan(plan: StoppingPlan): void {
  if (plan.looks.length === 0 || plan.looks.some((n, i) => !Number.isInteger(n) || n < 1 || (i > 0 && n <= plan.looks[i - 1]!))) {
    throw new RangeError(`looks must be ascending positive round counts, got ${plan.looks.join(', ')}`);
  }
  if (!(plan.confidence > 0 && plan.confidence < 1)) throw new RangeError(`confidence must be within (0, 1), got ${plan.confidence}`);
}
