/**
 * What a run measures on each deployed profile: the planned fixed levels, or a capacity search
 * (capacity-search.ts). Deployment, checks and cleanup around it are the run's (bench.ts).
 */
import type { TrialRecord } from '../record/index.js';
import type { CapacityTrace } from '../summary/index.js';
import type { Plan } from './plan.js';
import { runTrials, type ProfileRun } from './trials.js';

export type { ProfileRun } from './trials.js';

/** Where measurements go as they are made, so an interrupted run keeps them. */
export interface Measured {
  readonly trials: TrialRecord[];
  readonly capacity: CapacityTrace[];
}

export interface Measurement {
  /** Seconds of load, at most: bounds the run's child processes. */
  readonly loadSeconds: number;
  /** The plan in one line, printed before anything runs. */
  readonly description: string;
  measure(on: ProfileRun, into: Measured): Promise<void>;
}

/** The fixed levels of the plan, interleaved as planned. */
export function planMeasurement(plan: Plan): Measurement {
  return {
    loadSeconds: plan.loadSeconds,
    description: `Plan: ${plan.trials.length} trials, ${plan.loadSeconds.toFixed(0)} s of load (${plan.timing.rounds} rounds × A B B A × ${plan.timing.trialSeconds} s per level, profiles ${plan.profiles.join(', ')})`,
    measure: (on, into) => runTrials({ ...on, totalTrials: plan.trials.length }, plan.trials.filter((t) => t.profile === on.profile), into.trials),
  };
}
