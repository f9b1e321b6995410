/**
 * What a run measures on each deployed profile: the planned fixed levels — each stopping when it
 * knows, for a default run (stopping.ts) — or a capacity search (capacity-search.ts). Deployment,
 * checks and cleanup around it are the run's (bench.ts).
 */
import type { TrialRecord } from '../record/index.js';
import type { CapacityTrace } from '../summary/index.js';
import type { Plan, PlannedTrial } from './plan.js';
import { LevelStopper, type LevelStop, type LookJudge, type LookReport, type StoppingSettings } from './stopping.js';
import { runTrials, type ProfileRun } from './trials.js';
import { COMPARED_MIN_ROUNDS } from './comparison-at-looks.js';

export type { ProfileRun } from './trials.js';

/** Where measurements go as they are made, so an interrupted run keeps them. */
export interface Measured {
  readonly trials: TrialRecord[];
  readonly capacity: CapacityTrace[];
  /** Where each level of a run that stops when it knows stopped, and why. */
  readonly stopping: LevelStop[];
}

export interface Measurement {
  /** Seconds of load, at most: bounds the run's child processes. */
  readonly loadSeconds: number;
  /** The plan in one line, printed before anything runs. */
  readonly description: string;
  measure(on: ProfileRun, into: Measured): Promise<void>;
}

/** The sequential rule as a run applies it to its levels. */
export interface SequentialLevels {
  readonly settings: StoppingSettings;
  readonly judge: LookJudge;
  /** When the run started, ms since the epoch: the time cap counts from there. */
  readonly runStartedMs: number;
  /** Why a decided level must go on (its comparison with a baseline is not settled), or null. */
  readonly unsettled?: (level: PlannedTrial) => string | null;
  readonly now?: () => number;
}

/** The fixed levels of the plan, interleaved as planned; with `sequential`, each level stops when it knows. */
export function planMeasurement(plan: Plan, sequential?: SequentialLevels): Measurement {
  if (sequential) return sequentialMeasurement(plan, sequential);
  return {
    loadSeconds: plan.loadSeconds,
    description: `Plan: ${plan.trials.length} trials, ${plan.loadSeconds.toFixed(0)} s of load (${plan.timing.rounds} rounds × A B B A × ${plan.timing.trialSeconds} s per level, profiles ${plan.profiles.join(', ')})`,
    measure: (on, into) => runTrials({ ...on, totalTrials: plan.trials.length }, plan.trials.filter((t) => t.profile === on.profile), into.trials),
  };
}

/** Consecutive trials of one (profile, rate, connection mode), in plan order. */
export function levelsOf(trials: readonly PlannedTrial[]): PlannedTrial[][] {
  const levels: PlannedTrial[][] = [];
  for (const t of trials) {
    const last = levels[levels.length - 1]?.[0];
    if (last && last.profile === t.profile && last.rateRps === t.rateRps && last.newConnectionEvery === t.newConnectionEvery) levels[levels.length - 1]!.push(t);
    else levels.push([t]);
  }
  return levels;
}

function sequentialMeasurement(plan: Plan, sequential: SequentialLevels): Measurement {
  const { settings } = sequential;
  const { looks } = settings.plan;
  const levels = levelsOf(plan.trials);
  const warmups = plan.timing.warmupSeconds > 0 ? 2 : 0;
  const trialsTo = (rounds: number) => warmups + 4 * rounds;
  let started = 0;
  return {
    loadSeconds: plan.loadSeconds,
    description:
      `Plan: ${levels.length} level(s) × A B B A rounds of ${plan.timing.trialSeconds} s (profiles ${plan.profiles.join(', ')}); each level looks at ${looks.join(', ')} rounds ` +
      `and stops at the first look where every verdict percentile PASSes or one FAILs${sequential.unsettled ? ` and the comparison with the baseline is settled (at least ${COMPARED_MIN_ROUNDS} rounds, and the baseline\'s unless it says no change; a change is called only at the last look)` : ''}, at ${looks[looks.length - 1]} rounds, or before a look that would end after ${settings.maxDurationS} s of the run`,
    measure: async (on, into) => {
      for (const level of levels.filter((l) => l[0]!.profile === on.profile)) {
        if (on.ctx.signal.aborted) return;
        const levelsLeft = levels.length - started;
        started += 1;
        const now = sequential.now ?? Date.now;
        const deadlineMs = now() + (sequential.runStartedMs + settings.maxDurationS * 1000 - now()) / levelsLeft;
        const first = level[0]!;
        const unsettled = sequential.unsettled ? () => sequential.unsettled!(first) : undefined;
        const stopper = new LevelStopper({ settings, level: first, deadlineMs, judge: sequential.judge, ...(unsettled ? { unsettled } : {}), now, onLook: (look) => on.progress.phase(lookLine(first, look)) });
        const before = into.trials.length;
        const laterLevels = levels.length - started;
        const totalTrials = () => into.trials.length + Math.max(0, trialsTo(stopper.targetRounds) - (into.trials.length - before)) + laterLevels * trialsTo(looks[0]!);
        const roundLabel = (round: number) => `round ${round + 1}/${stopper.targetRounds} (look ${looks.indexOf(stopper.targetRounds) + 1} of ${looks.length})`;
        try {
          await runTrials({ ...on, totalTrials, stopAfterRound: (done, trials) => stopper.afterRound(done, trials), roundLabel }, level, into.trials);
        } finally {
          into.stopping.push(stopper.outcome());
        }
      }
    },
  };
}

const signed = (us: number | undefined) => (us === undefined || !Number.isFinite(us) ? '?' : `${us >= 0 ? '+' : '−'}${Math.abs(Math.round(us))}`);

/** `dedicated 500 rps: look 1 of 5 at 8 rounds (99% intervals): p50 +650 [+600, +700] PASS, … → on to 14 rounds`. */
export function lookLine(level: PlannedTrial, look: LookReport): string {
  const rows = look.rows.map((r) => `p${r.percentile} ${signed(r.taxUs)} [${signed(r.ciUs[0])}, ${signed(r.ciUs[1])}] ${r.verdict}`).join(', ');
  const next = 'stop' in look.next ? `stops (${look.next.stop})` : `on to ${look.next.rounds} rounds${look.pending ? ` (${look.pending})` : ''}`;
  const churn = level.newConnectionEvery > 0 ? ` new conn/${level.newConnectionEvery}` : '';
  return `${level.profile} ${level.rateRps} rps${churn}: look ${look.look} of ${look.looks} at ${look.rounds} rounds (${Number((look.confidence * 100).toFixed(2))}% intervals): ${rows} → ${next}`;
}
