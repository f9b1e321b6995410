/** Driving the planned trials of one profile against its deployment, with probes beside each. */
import { DEFAULT_LIMITS, judgeTrial, type LoadSpec, type ValidityLimits } from '../load/index.js';
import { ProbeSeriesSchema } from '../probes/index.js';
import type { TrialRecord } from '../record/index.js';
import type { Progress, RunContext } from '../process/index.js';
import type { DeployedProfile, Deployment } from '../targets/index.js';
import { keptEnvoyStats } from './envoy-stats.js';
import type { PlannedTrial } from './plan.js';
import type { ResolvedRun } from './resolved-run.js';
import { startTrialProbes } from './trial-probes.js';

/** One deployed profile, ready for load. */
export interface ProfileRun {
  readonly ctx: RunContext;
  readonly run: ResolvedRun;
  readonly profile: string;
  readonly deployed: DeployedProfile;
  readonly progress: Progress;
  /** Called after each trial is kept, before the next starts (the run checkpoints its record there, off the load). */
  readonly afterTrial?: () => Promise<void>;
}

export interface TrialRun extends ProfileRun {
  /** Trials the progress bar counts to (a function when it grows as a level goes on). */
  readonly totalTrials: number | (() => number);
  /** Share of failed requests a trial may have and stay valid; default DEFAULT_LIMITS (1%). */
  readonly maxErrorShare?: number;
  /**
   * The sequential stopping rule's seam (issue 13 §3, src/run/stopping.ts): asked after every
   * completed measured round of the planned trials (one level, planned to its last look) with the
   * rounds done and the trials of this call; true ends them there. Absent: every planned round runs.
   */
  readonly stopAfterRound?: (roundsDone: number, trials: readonly TrialRecord[]) => boolean;
  /** How progress names a round (default `round N`); a sequential level adds its look. */
  readonly roundLabel?: (round: number) => string;
}

export function loadSpec(trial: PlannedTrial, deployment: Deployment, run: ResolvedRun): LoadSpec {
  const load = run.loaded.scenario.load;
  const churned = trial.variant === 'mesh' && trial.newConnectionEvery > 0;
  return {
    model: load.model,
    protocol: run.loaded.scenario.workload.protocol,
    url: churned ? (deployment.meshChurnEndpoint ?? deployment.endpoints.mesh) : deployment.endpoints[trial.variant],
    arrival: load.arrival,
    rateRps: trial.rateRps,
    durationS: trial.durationS,
    connections: load.connections,
    newConnectionEvery: trial.newConnectionEvery,
    timeoutMs: load.timeoutMs,
    seed: trial.index + 1,
  };
}

/** An invalid trial is run again at once, at most this many times, when only the driver was to blame. */
export const MAX_TRIAL_RETRIES = 2;

export async function runTrials(on: TrialRun, planned: readonly PlannedTrial[], out: TrialRecord[]): Promise<void> {
  const { ctx, run } = on;
  const limits: ValidityLimits = {
    ...DEFAULT_LIMITS,
    maxScheduleLagUs: run.config.maxScheduleLagUs,
    judgedPercentiles: run.config.verdictPercentiles,
    ...(on.maxErrorShare !== undefined ? { maxErrorShare: on.maxErrorShare } : {}),
  };
  const mine: TrialRecord[] = [];
  let roundsDone = 0;
  const total = typeof on.totalTrials === 'number' ? () => on.totalTrials as number : on.totalTrials;
  const label = (trial: PlannedTrial) => (trial.round < 0 ? 'warm-up' : (on.roundLabel?.(trial.round) ?? `round ${trial.round + 1}`));
  for (const [i, trial] of planned.entries()) {
    if (ctx.signal.aborted) return;
    const retried: RetriedAttempt[] = [];
    let attempt = await attemptTrial(on, trial, limits);
    while (attempt !== undefined && !attempt.validity.valid && attempt.validity.retryable && retried.length < MAX_TRIAL_RETRIES && !ctx.signal.aborted) {
      retried.push({ startedAt: attempt.startedAt, invalidReasons: attempt.validity.reasons, load: attempt.load });
      on.progress.trial(out.length, total(), `${describeTrial(trial, label(trial), attempt.load.achievedRps, attempt.validity.reasons)} — running it again`);
      attempt = await attemptTrial(on, trial, limits);
    }
    if (attempt === undefined) return; // an interrupted trial is not a measurement
    const { startedAt, load, validity, series, harnessCpuMs, envoyStats } = attempt;
    const record: TrialRecord = {
      ...trial,
      warmup: trial.round < 0,
      startedAt,
      valid: validity.valid,
      invalidReasons: validity.reasons,
      load,
      probes: series.map((s) => ProbeSeriesSchema.parse(s)),
      harnessCpuMs,
      ...(envoyStats ? { envoyStats } : {}),
      ...(Object.keys(validity.lagEffectUs).length > 0 ? { lagEffectUs: validity.lagEffectUs } : {}),
      ...(retried.length > 0 ? { retriedAttempts: retried } : {}),
    };
    out.push(record);
    mine.push(record);
    on.progress.trial(out.length, total(), describeTrial(trial, label(trial), load.achievedRps, validity.reasons) + (retried.length > 0 ? ` (attempt ${retried.length + 1})` : ''));
    await on.afterTrial?.();
    const next = planned[i + 1];
    if (trial.round >= 0 && next?.round !== trial.round) {
      roundsDone += 1;
      if (on.stopAfterRound?.(roundsDone, mine) === true) return;
    }
  }
}

type RetriedAttempt = NonNullable<TrialRecord['retriedAttempts']>[number];

/** One run of a planned trial with its probes, judged; undefined when the run was interrupted during it. */
async function attemptTrial(on: TrialRun, trial: PlannedTrial, limits: ValidityLimits) {
  const { deployment, watch } = on.deployed;
  const startedAt = new Date().toISOString();
  const probes = startTrialProbes(watch, on.run.resultsDir);
  const load = await deployment.agent.run(loadSpec(trial, deployment, on.run)).catch(async (error: unknown) => {
    await probes.stop();
    throw error;
  });
  const { series, harnessCpuMs } = await probes.stop();
  if (on.ctx.signal.aborted && load.aborted) return undefined;
  const validity = judgeTrial(load, limits);
  const envoyStats = trial.variant === 'mesh' ? await sidecarStats(deployment) : undefined;
  return { startedAt, load, validity, series, harnessCpuMs, envoyStats };
}

async function sidecarStats(deployment: Deployment): Promise<Record<string, Record<string, number>>> {
  const entries = await Promise.all(deployment.sidecars.map(async (s) => [s.name, keptEnvoyStats(await s.stats())] as const));
  return Object.fromEntries(entries);
}

function describeTrial(trial: PlannedTrial, what: string, achievedRps: number, reasons: readonly string[]): string {
  const churn = trial.newConnectionEvery > 0 ? ` new conn/${trial.newConnectionEvery}` : '';
  return `${trial.profile} ${trial.rateRps} rps${churn} ${what} ${trial.variant}: ${achievedRps.toFixed(0)} rps${reasons.length ? ` — INVALID: ${reasons.join('; ')}` : ''}`;
}
