/**
 * What a run measures on each deployed profile: the planned fixed levels, or a capacity search
 * (capacity.ts). Deployment, checks and cleanup around it are the run's (bench.ts), the same for both.
 */
import type { TrialRecord } from '../record/schema.js';
import type { CapacityTrace } from './capacity-search.js';
import type { Plan } from './plan.js';
import { runTrials, type TrialRun } from './trials.js';

/** One deployed profile, ready for load. */
export interface ProfileRun extends Omit<TrialRun, 'totalTrials'> {
  readonly profile: string;
}

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
  measure(run: ProfileRun, into: Measured): Promise<void>;
}

/** The fixed levels of the plan, interleaved as planned. */
export function planMeasurement(plan: Plan): Measurement {
  return {
    loadSeconds: plan.loadSeconds,
    description: `Plan: ${plan.trials.length} trials, ${plan.loadSeconds.toFixed(0)} s of load (${plan.timing.rounds} rounds × A B B A × ${plan.timing.trialSeconds} s per level, profiles ${plan.profiles.join(', ')})`,
    measure: (run, into) => runTrials({ ...run, totalTrials: plan.trials.length }, plan.trials.filter((t) => t.profile === run.profile), into.trials),
  };
}
