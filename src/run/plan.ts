/**
 * The plan: every trial of a run, in order, before anything runs — so it can be printed, its
 * duration estimated, and a partial run located within it. Pure.
 */
import type { TrialTiming } from '../config/index.js';
import type { Variant } from '../stats/index.js';

export interface PlannedTrial {
  readonly index: number;
  readonly profile: string;
  readonly rateRps: number;
  /** 0: keep-alive; N: a new connection every N requests (load → target and sidecar → sidecar). */
  readonly newConnectionEvery: number;
  /** -1 for warm-up trials, whose results are discarded. */
  readonly round: number;
  readonly variant: Variant;
  readonly slot: 0 | 1;
  readonly durationS: number;
}

export interface Plan {
  readonly profiles: readonly string[];
  readonly ratesRps: readonly number[];
  readonly connectionModes: readonly number[];
  readonly timing: TrialTiming;
  readonly trials: readonly PlannedTrial[];
  readonly loadSeconds: number;
}

/** One round measures A B B A: drift within the round hits both variants alike. */
const ROUND_ORDER: ReadonlyArray<readonly [Variant, 0 | 1]> = [
  ['baseline', 0],
  ['mesh', 0],
  ['mesh', 1],
  ['baseline', 1],
];

/** Keep-alive always; with churn asked for, the same levels again with new connections every N requests. */
export function connectionModes(newConnectionEvery: number): number[] {
  return newConnectionEvery > 0 ? [0, newConnectionEvery] : [0];
}

export function buildPlan(profiles: readonly string[], ratesRps: readonly number[], timing: TrialTiming, modes: readonly number[] = [0]): Plan {
  const trials: PlannedTrial[] = [];
  const add = (t: Omit<PlannedTrial, 'index'>) => trials.push({ ...t, index: trials.length });
  for (const profile of profiles) {
    for (const newConnectionEvery of modes) {
      for (const rateRps of ratesRps) {
        const level = { profile, rateRps, newConnectionEvery };
        if (timing.warmupSeconds > 0) {
          add({ ...level, round: -1, variant: 'baseline', slot: 0, durationS: timing.warmupSeconds });
          add({ ...level, round: -1, variant: 'mesh', slot: 0, durationS: timing.warmupSeconds });
        }
        for (let round = 0; round < timing.rounds; round++) {
          for (const [variant, slot] of ROUND_ORDER) add({ ...level, round, variant, slot, durationS: timing.trialSeconds });
        }
      }
    }
  }
  return { profiles, ratesRps, connectionModes: modes, timing, trials, loadSeconds: trials.reduce((s, t) => s + t.durationS, 0) };
}
