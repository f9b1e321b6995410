/**
 * One benchmark run: provision → deploy per profile → interleaved trials → stats → record.
 * Whatever happens (success, Ctrl-C, a child dying), teardown runs and the record is written
 * with what was measured; an interrupted run's record says `state: "partial"` and why.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BenchConfig, TrialTiming } from '../config/index.js';
import { isMeshtaxError } from '../errors.js';
import { judgeTrial, DEFAULT_LIMITS, type LoadSpec } from '../load/index.js';
import { localStateDir } from '../paths.js';
import { ResultRecordSchema, SCHEMA_VERSION, type Check, type ResultRecord, type TrialRecord } from '../report/record.js';
import { WORKLOAD_PORT, type LoadedScenario, type MtlsMode } from '../scenario/index.js';
import { ensureEnvoy, envoyVersion } from '../sidecar/index.js';
import { DEFAULT_SEED } from '../stats/index.js';
import { deployLocal, loopbackNodes, type Deployment } from '../targets/index.js';
import { RunContext } from './context.js';
import { keptEnvoyStats } from './envoy-stats.js';
import { onInterrupt } from './interrupt.js';
import { buildPlan, connectionModes, type PlannedTrial } from './plan.js';
import type { Progress } from './progress.js';
import { connectionSetupTaxes, summarizeRun } from './summary.js';
import { canaryChecks } from './checks/canary.js';
import { mtlsChecks } from './checks/mtls.js';
import { TOOL_VERSION } from './version.js';

export interface BenchInput {
  readonly loaded: LoadedScenario;
  readonly config: BenchConfig;
  readonly profiles: readonly string[];
  readonly quick: boolean;
  readonly runId: string;
  readonly resultsDir: string;
  readonly progress: Progress;
  /** Tests set false: they own signals themselves. */
  readonly handleSignals?: boolean;
}

export interface BenchOutcome {
  readonly record: ResultRecord;
  readonly file: string;
  /** Why the run stopped early, if it did (the record is then partial). */
  readonly error?: Error;
}

export function timingFor(input: Pick<BenchInput, 'config' | 'quick' | 'loaded'>): TrialTiming {
  const base = input.quick ? input.config.quick : input.config.timing;
  return input.quick ? base : { ...base, ...input.loaded.scenario.timing };
}

export async function runBench(input: BenchInput): Promise<BenchOutcome> {
  const { loaded, config, progress } = input;
  const startedAt = new Date().toISOString();
  const plan = buildPlan(input.profiles, loaded.scenario.load.ratesRps, timingFor(input), connectionModes(loaded.scenario.load.newConnectionEvery));
  const ctx = new RunContext(input.runId, Math.max(600_000, plan.loadSeconds * 3_000 + 300_000));
  const stopListening = input.handleSignals === false ? () => {} : onInterrupt(ctx, progress.warn);
  const trials: TrialRecord[] = [];
  const checks: Check[] = [];
  let envoy: ResultRecord['envoy'] = { version: 'unknown', build: 'unknown', binary: '', source: '', concurrency: 1, configuration: CONFIGURATION };
  let fidelity: ResultRecord['fidelity'] = { level: 'reduced', reason: 'the run stopped before deploying' };
  let failure: Error | undefined;
  try {
    const binary = await ensureEnvoy(progress.phase);
    envoy = { ...envoy, ...(await envoyVersion(binary.path)), binary: binary.path, source: binary.source };
    progress.phase(`Envoy ${envoy.version} (${binary.source}: ${binary.path})`);
    const runDir = await privateRunDir(ctx);
    progress.phase(`Plan: ${plan.trials.length} trials, ${plan.loadSeconds.toFixed(0)} s of load (${plan.timing.rounds} rounds × A B B A × ${plan.timing.trialSeconds} s per level, profiles ${plan.profiles.join(', ')})`);
    for (const profile of plan.profiles) {
      if (ctx.signal.aborted) break;
      progress.phase(`Deploying baseline and mesh for profile ${profile} …`);
      const nodes = loopbackNodes();
      fidelity = { level: 'reduced', reason: 'loopback with CPU pinning (client node and server node on their own CPUs); no network namespaces' };
      const deployment = await deployLocal(ctx, { profile, loaded, envoyBinary: envoy.binary, runDir, nodes, fidelity });
      progress.phase(`Deployed: baseline ${deployment.endpoints.baseline}, mesh ${deployment.endpoints.mesh}; health checks passed`);
      const verified = await mtlsChecks(deployment, inboundModes(loaded), loaded.scenario.workload.protocol);
      checks.push(...verified.map((c) => ({ ...c, name: `[${profile}] ${c.name}` })));
      for (const c of verified) progress.phase(`${c.passed ? '✓' : '✗'} ${c.name}: ${c.detail}`);
      await runTrials(ctx, deployment, plan.trials.filter((t) => t.profile === profile), input, trials);
      const service = { name: loaded.scenario.workload.serviceName, port: WORKLOAD_PORT };
      checks.push(...canaryChecks(trials.filter((t) => t.profile === profile), loaded.policy, service));
    }
  } catch (error) {
    failure = error as Error;
  }
  // Every path reaches here: teardown first, then the record of whatever was measured.
  stopListening();
  const cleanupFailures = await ctx.unwind();
  failure = ctx.abortReason ?? failure;
  const record = buildRecord({ input, startedAt, trials, checks, envoy, fidelity, failure, cleanupFailures });
  const file = await writeRecord(input.resultsDir, record);
  return { record, file, ...(failure ? { error: failure } : {}) };
}

function inboundModes(loaded: LoadedScenario): Record<string, MtlsMode> {
  return Object.fromEntries(Object.entries(loaded.policy.inbound).map(([version, p]) => [version, p.portModes[WORKLOAD_PORT] ?? p.mode]));
}

const CONFIGURATION = 'minimal sidecar pair: http_connection_manager + router (+ fault when configured), --concurrency 1 each';

async function privateRunDir(ctx: RunContext): Promise<string> {
  await mkdir(path.join(localStateDir, 'runs'), { recursive: true });
  const dir = await mkdtemp(path.join(localStateDir, 'runs', `${ctx.runId}-`));
  ctx.defer(`remove ${dir}`, () => rm(dir, { recursive: true, force: true }));
  return dir;
}

function loadSpec(trial: PlannedTrial, deployment: Deployment, input: BenchInput): LoadSpec {
  const load = input.loaded.scenario.load;
  return {
    model: load.model,
    protocol: input.loaded.scenario.workload.protocol,
    url: trial.variant === 'mesh' && trial.newConnectionEvery > 0 ? (deployment.meshChurnEndpoint ?? deployment.endpoints.mesh) : deployment.endpoints[trial.variant],
    arrival: load.arrival,
    rateRps: trial.rateRps,
    durationS: trial.durationS,
    connections: load.connections,
    newConnectionEvery: trial.newConnectionEvery,
    timeoutMs: load.timeoutMs,
    seed: trial.index + 1,
  };
}

async function runTrials(ctx: RunContext, deployment: Deployment, planned: readonly PlannedTrial[], input: BenchInput, out: TrialRecord[]): Promise<void> {
  const limits = { ...DEFAULT_LIMITS, maxScheduleLagUs: input.config.maxScheduleLagUs };
  for (const trial of planned) {
    if (ctx.signal.aborted) return;
    const startedAt = new Date().toISOString();
    const load = await deployment.agent.run(loadSpec(trial, deployment, input));
    if (ctx.signal.aborted && load.aborted) return; // an interrupted trial is not a measurement
    const validity = judgeTrial(load, limits);
    const envoyStats = trial.variant === 'mesh' ? await sidecarStats(deployment) : undefined;
    out.push({ ...trial, warmup: trial.round < 0, startedAt, valid: validity.valid, invalidReasons: validity.reasons, load, ...(envoyStats ? { envoyStats } : {}) });
    input.progress.trial(out.length, input.profiles.length * planned.length, describeTrial(trial, load.achievedRps, validity.reasons));
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

interface RecordParts {
  readonly input: BenchInput;
  readonly startedAt: string;
  readonly trials: readonly TrialRecord[];
  readonly checks: readonly Check[];
  readonly envoy: ResultRecord['envoy'];
  readonly fidelity: ResultRecord['fidelity'];
  readonly failure: Error | undefined;
  readonly cleanupFailures: readonly string[];
}

function buildRecord(parts: RecordParts): ResultRecord {
  const { input } = parts;
  const { config, loaded } = input;
  const timing = timingFor(input);
  const { summary, levels, verdict } = summarizeRun(parts.trials, config, DEFAULT_SEED);
  const record: ResultRecord = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'meshtax', version: TOOL_VERSION },
    runId: input.runId,
    startedAt: parts.startedAt,
    finishedAt: new Date().toISOString(),
    state: parts.failure ? 'partial' : 'completed',
    ...(parts.failure ? { partialReason: describeFailure(parts.failure) } : {}),
    scenario: { name: loaded.scenario.name, description: loaded.scenario.description, file: loaded.file, istioYaml: loaded.istioYaml, definition: { ...loaded.scenario } },
    settings: {
      quick: input.quick,
      profiles: [...input.profiles],
      rounds: timing.rounds,
      trialSeconds: timing.trialSeconds,
      warmupSeconds: timing.warmupSeconds,
      percentiles: config.percentiles,
      verdictPercentiles: config.verdictPercentiles,
      confidence: config.confidence,
      bootstrapResamples: config.bootstrapResamples,
      bootstrapSeed: DEFAULT_SEED,
      maxScheduleLagUs: config.maxScheduleLagUs,
    },
    fidelity: parts.fidelity,
    environment: hostSummary(),
    envoy: parts.envoy,
    budgetUs: config.budgetUs,
    verdict,
    summary: summary.map((row) => ({
      ...row,
      baselineUs: finiteOrNull(row.baselineUs),
      meshUs: finiteOrNull(row.meshUs),
      taxUs: finiteOrNull(row.taxUs),
      ciUs: [finiteOrNull(row.ciUs[0]), finiteOrNull(row.ciUs[1])],
      noiseFloorUs: finiteOrNull(row.noiseFloorUs),
    })),
    levels,
    connectionSetupTax: connectionSetupTaxes(summary),
    checks: [...parts.checks],
    trials: [...parts.trials],
    cleanup: { failures: [...parts.cleanupFailures] },
  };
  return ResultRecordSchema.parse(record);
}

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

function describeFailure(error: Error): string {
  return isMeshtaxError(error) ? error.message : `${error.name}: ${error.message}`;
}

function hostSummary(): Record<string, unknown> {
  return { hostname: os.hostname(), cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', kernel: os.release(), memoryBytes: os.totalmem() };
}

async function writeRecord(dir: string, record: ResultRecord): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${record.runId}.json`);
  await writeFile(file, `${JSON.stringify(record, null, 1)}\n`);
  return file;
}
