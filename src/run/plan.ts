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
  /** -1 for warm-up trials, whose results are discarded. */
  readonly round: number;
  readonly variant: Variant;
  readonly slot: 0 | 1;
  readonly durationS: number;
}

export interface Plan {
  readonly profiles: readonly string[];
  readonly ratesRps: readonly number[];
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

export function buildPlan(profiles: readonly string[], ratesRps: readonly number[], timing: TrialTiming): Plan {
  const trials: PlannedTrial[] = [];
  const add = (t: Omit<PlannedTrial, 'index'>) => trials.push({ ...t, index: trials.length });
  for (const profile of profiles) {
    for (const rateRps of ratesRps) {
      if (timing.warmupSeconds > 0) {
        add({ profile, rateRps, round: -1, variant: 'baseline', slot: 0, durationS: timing.warmupSeconds });
        add({ profile, rateRps, round: -1, variant: 'mesh', slot: 0, durationS: timing.warmupSeconds });
      }
      for (let round = 0; round < timing.rounds; round++) {
        for (const [variant, slot] of ROUND_ORDER) add({ profile, rateRps, round, variant, slot, durationS: timing.trialSeconds });
      }
    }
  }
  return { profiles, ratesRps, timing, trials, loadSeconds: trials.reduce((s, t) => s + t.durationS, 0) };
}
