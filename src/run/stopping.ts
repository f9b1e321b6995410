/**
 * Runs that stop when they know (issue 13 §3): the sequential rule of stats' `sequential.ts` wired
 * to a level's rounds. A level looks at its rounds only at planned round counts; at each look it
 * judges every verdict percentile with intervals at the Bonferroni-corrected confidence (the same
 * summary the record will carry), and stops when the verdict is decided, at the last look, or at a
 * look when the next one would end after the run's time cap. Stopping only ever at a planned look
 * keeps the rule's error rate: the union bound covers every look, whichever one a run stops at.
 */
import type { BenchConfig } from '../config/index.js';
import type { StoppingRecord, TrialRecord } from '../record/index.js';
import { DEFAULT_LOOKS, DEFAULT_SEED, lookConfidence, stoppingRule, type StoppingPlan, type Verdict } from '../stats/index.js';
import { summarizeRun, type RunSummaryRow } from '../summary/index.js';
import { COMPARED_MIN_ROUNDS } from './comparison-at-looks.js';

export type StopReason = StoppingRecord['levels'][number]['reason'];
export type LevelStop = StoppingRecord['levels'][number];

/** The rule as a run resolved it. */
export interface StoppingSettings {
  readonly plan: StoppingPlan;
  /** Seconds from the run's start after which no look is begun that would end later. */
  readonly maxDurationS: number;
}

/** Looks at `firstRounds`, then at the default looks above it, up to `maxRounds`; one look when maxRounds ≤ firstRounds. */
export function looksFor(firstRounds: number, maxRounds: number): number[] {
  if (maxRounds <= firstRounds) return [firstRounds];
  return [firstRounds, ...DEFAULT_LOOKS.filter((n) => n > firstRounds && n < maxRounds), maxRounds];
}

/** The verdict of a level's trials with intervals at `confidence`, and the rows it stands on. */
export type LookJudge = (trials: readonly TrialRecord[], confidence: number) => { readonly verdict: Verdict; readonly rows: readonly RunSummaryRow[] };

/** Judges a look exactly as the record will summarise the level: same statistic, resamples and seed. */
export function judgeAsRecorded(config: BenchConfig): LookJudge {
  return (trials, confidence) => {
    const { summary } = summarizeRun(trials, { ...config, confidence, inconclusiveFails: false }, DEFAULT_SEED);
    const rows = summary.filter((r) => config.verdictPercentiles.includes(r.percentile));
    const verdict: Verdict = rows.some((r) => r.verdict === 'FAIL') ? 'FAIL' : rows.length > 0 && rows.every((r) => r.verdict === 'PASS') ? 'PASS' : 'INCONCLUSIVE';
    return { verdict, rows };
  };
}

export interface LevelStopperInput {
  readonly settings: StoppingSettings;
  readonly level: Pick<LevelStop, 'profile' | 'rateRps' | 'newConnectionEvery'>;
  /** When this level must be done by, ms since the epoch (its share of the run's cap). */
  readonly deadlineMs: number;
  readonly judge: LookJudge;
  /**
   * Why a level whose verdict is decided must still go on (its comparison with a baseline is not
   * settled: comparison-at-looks.ts), or null. Asked only at a decided look.
   */
  readonly unsettled?: () => string | null;
  /** Told at every look (the CLI prints it). */
  readonly onLook?: (look: LookReport) => void;
  readonly now?: () => number;
}

export interface LookReport {
  readonly look: number;
  readonly looks: number;
  readonly rounds: number;
  readonly confidence: number;
  readonly verdict: Verdict;
  readonly rows: readonly RunSummaryRow[];
  /** Why a decided level goes on (its comparison with a baseline is not settled); null: nothing beyond the verdict. */
  readonly pending: string | null;
  /** What happens next: stop (and why) or the next look's round count. */
  readonly next: { readonly stop: StopReason } | { readonly rounds: number };
}

/** One level's rule: asked after every completed round; its outcome says where and why it stopped. */
export class LevelStopper {
  private readonly startedMs: number;
  private readonly now: () => number;
  private state: LevelStop;

  constructor(private readonly input: LevelStopperInput) {
    this.now = input.now ?? Date.now;
    this.startedMs = this.now();
    this.state = { ...input.level, reason: 'interrupted', look: 0, rounds: 0, verdict: 'INCONCLUSIVE', elapsedS: 0 };
  }

  get confidence(): number {
    return lookConfidence(this.input.settings.plan);
  }

  /** The round count the level is heading for now (its next look). */
  get targetRounds(): number {
    const { looks } = this.input.settings.plan;
    return looks.find((n) => n > this.state.rounds) ?? looks[looks.length - 1]!;
  }

  /** Whether the level stops after `roundsDone` completed rounds, given its trials so far. */
  afterRound(roundsDone: number, trials: readonly TrialRecord[]): boolean {
    const { looks } = this.input.settings.plan;
    const nowMs = this.now();
    this.state = { ...this.state, rounds: roundsDone, elapsedS: (nowMs - this.startedMs) / 1000 };
    const index = looks.indexOf(roundsDone);
    if (index < 0) return roundsDone >= looks[looks.length - 1]!;
    const { verdict, rows } = this.input.judge(trials, this.confidence);
    const pending = verdict !== 'INCONCLUSIVE' && index < looks.length - 1 ? (this.input.unsettled?.() ?? null) : null;
    const stop = this.stopReason(verdict, pending, index, roundsDone, nowMs);
    this.state = { ...this.state, look: index + 1, verdict, reason: stop ?? this.state.reason };
    this.input.onLook?.({ look: index + 1, looks: looks.length, rounds: roundsDone, confidence: this.confidence, verdict, rows, pending, next: stop ? { stop } : { rounds: looks[index + 1]! } });
    return stop !== null;
  }

  /** Where the level stopped; `interrupted` until a look stopped it. */
  outcome(): LevelStop {
    return { ...this.state };
  }

  private stopReason(verdict: Verdict, pending: string | null, index: number, roundsDone: number, nowMs: number): StopReason | null {
    const { looks } = this.input.settings.plan;
    if (verdict !== 'INCONCLUSIVE' && pending === null) return 'decisive';
    if (index === looks.length - 1) return 'max-rounds';
    // Rounds so far include the warm-up, so the estimate of the next look's end errs long.
    const perRoundMs = (nowMs - this.startedMs) / roundsDone;
    return nowMs + perRoundMs * (looks[index + 1]! - roundsDone) > this.input.deadlineMs ? 'max-duration' : null;
  }
}

/** The record's account of the rule and of where each level stopped. */
export function stoppingRecord(settings: StoppingSettings, confidence: number, levels: readonly LevelStop[], comparedWith?: string): StoppingRecord {
  const comparing = comparedWith ? `; compared with baseline ${comparedWith}, a decided level went on while its comparison was can't-tell with rounds that could settle it or with fewer rounds than the baseline's, or a change (called only at the last look), or it had fewer than ${COMPARED_MIN_ROUNDS} rounds` : '';
  return {
    rule: `${stoppingRule(settings.plan)}, or at a look when the next would end after ${settings.maxDurationS} s of the run${comparing}`,
    confidence,
    lookConfidence: lookConfidence(settings.plan),
    looks: [...settings.plan.looks],
    maxDurationS: settings.maxDurationS,
    levels: levels.map((l) => ({ ...l })),
  };
}
