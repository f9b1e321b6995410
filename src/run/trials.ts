/** Driving the planned trials of one profile against its deployment, with probes beside each. */
import { DEFAULT_LIMITS, judgeTrial, type LoadSpec } from '../load/index.js';
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
  readonly totalTrials: number;
  /** Share of failed requests a trial may have and stay valid; default DEFAULT_LIMITS (1%). */
  readonly maxErrorShare?: number;
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

export async function runTrials(on: TrialRun, planned: readonly PlannedTrial[], out: TrialRecord[]): Promise<void> {
  const { ctx, run } = on;
  const { deployment, watch } = on.deployed;
  const limits = { ...DEFAULT_LIMITS, maxScheduleLagUs: run.config.maxScheduleLagUs, ...(on.maxErrorShare !== undefined ? { maxErrorShare: on.maxErrorShare } : {}) };
  for (const trial of planned) {
    if (ctx.signal.aborted) return;
    const startedAt = new Date().toISOString();
    const probes = startTrialProbes(watch, run.resultsDir);
    const load = await deployment.agent.run(loadSpec(trial, deployment, run)).catch(async (error: unknown) => {
      await probes.stop();
      throw error;
    });
    const { series, harnessCpuMs } = await probes.stop();
    if (ctx.signal.aborted && load.aborted) return; // an interrupted trial is not a measurement
    const validity = judgeTrial(load, limits);
    const envoyStats = trial.variant === 'mesh' ? await sidecarStats(deployment) : undefined;
    out.push({
      ...trial,
      warmup: trial.round < 0,
      startedAt,
      valid: validity.valid,
      invalidReasons: validity.reasons,
      load,
      probes: series.map((s) => ProbeSeriesSchema.parse(s)),
      harnessCpuMs,
      ...(envoyStats ? { envoyStats } : {}),
    });
    on.progress.trial(out.length, on.totalTrials, describeTrial(trial, load.achievedRps, validity.reasons));
    await on.afterTrial?.();
  }
}

async function sidecarStats(deployment: Deployment): Promise<Record<string, Record<string, number>>> {
  const entries = await Promise.all(deployment.sidecars.map(async (s) => [s.name, keptEnvoyStats(await s.stats())] as const));
  return Object.fromEntries(entries);
}

function describeTrial(trial: PlannedTrial, achievedRps: number, reasons: readonly string[]): string {
  const what = trial.round < 0 ? 'warm-up' : `round ${trial.round + 1}`;
  const churn = trial.newConnectionEvery > 0 ? ` new conn/${trial.newConnectionEvery}` : '';
  return `${trial.profile} ${trial.rateRps} rps${churn} ${what} ${trial.variant}: ${achievedRps.toFixed(0)} rps${reasons.length ? ` — INVALID: ${reasons.join('; ')}` : ''}`;
}
