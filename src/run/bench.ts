/**
 * One benchmark run: provision → deploy per profile → interleaved trials → stats → record.
 * Whatever happens (success, Ctrl-C, a child dying), teardown runs and the record is written
 * with what was measured; an interrupted run's record says `state: "partial"` and why.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { BenchConfig, TrialTiming } from '../config/index.js';
import { localStateDir } from '../paths.js';
import { collectHostInventory } from '../probes/index.js';
import type { Check, ProfileSetup, ResultRecord, TrialRecord } from '../record/schema.js';
import { WORKLOAD_PORT, type LoadedScenario, type MtlsMode } from '../scenario/index.js';
import { ensureEnvoy, envoyVersion } from '../sidecar/index.js';
import { deployLocal, nodesForProfile } from '../targets/index.js';
import type { ProfileNodes } from '../targets/local/nodes.js';
import { claimRunDir, sweepDeadRuns } from '../targets/local/sweep.js';
import { canaryChecks } from './checks/canary.js';
import { mtlsChecks } from './checks/mtls.js';
import { RunContext } from '../process/run-context.js';
import { onInterrupt } from '../process/interrupt.js';
import { capacityMeasurement, type CapacityTrace } from './capacity-search.js';
import { planMeasurement, type Measurement } from './measurement.js';
import { buildPlan, connectionModes } from './plan.js';
import type { Progress } from '../process/progress.js';
import { buildRecord, writeRecord } from './record-builder.js';

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
  const search = input.loaded.scenario.capacity;
  if (search) return { rounds: search.roundsPerLevel, trialSeconds: search.trialSeconds, warmupSeconds: search.warmupSeconds };
  const base = input.quick ? input.config.quick : input.config.timing;
  return input.quick ? base : { ...base, ...input.loaded.scenario.timing };
}

export async function runBench(given: BenchInput): Promise<BenchOutcome> {
  const input = withSearchPercentile(given);
  const startedAt = new Date().toISOString();
  const measurement = measurementFor(input);
  const ctx = new RunContext(input.runId, Math.max(600_000, measurement.loadSeconds * 3_000 + 300_000));
  const stopListening = input.handleSignals === false ? () => {} : onInterrupt(ctx, input.progress.warn);
  const state: RunState = { trials: [], checks: [], profiles: [], capacity: [], envoy: { ...UNKNOWN_ENVOY } };
  const environment = collectHostInventory();
  let failure: Error | undefined;
  try {
    await runPlan(ctx, input, measurement, state);
  } catch (error) {
    failure = error as Error;
  }
  // Every path reaches here: teardown first, then the record of whatever was measured.
  stopListening();
  const cleanupFailures = await ctx.unwind();
  failure = ctx.abortReason ?? failure;
  const record = buildRecord({ input, startedAt, ...state, environment: await environment, failure, cleanupFailures });
  const file = await writeRecord(input.resultsDir, record);
  return { record, file, ...(failure ? { error: failure } : {}) };
}

/** The fixed levels of the scenario, or its capacity search. */
function measurementFor(input: BenchInput): Measurement {
  const { scenario } = input.loaded;
  if (scenario.capacity) return capacityMeasurement(scenario.capacity, input.profiles);
  return planMeasurement(buildPlan(input.profiles, scenario.load.ratesRps, timingFor(input), connectionModes(scenario.load.newConnectionEvery)));
}

/** A capacity search judges its percentile: make sure the summary computes it. */
function withSearchPercentile(input: BenchInput): BenchInput {
  const percentile = input.loaded.scenario.capacity?.percentile;
  if (percentile === undefined || input.config.percentiles.includes(percentile)) return input;
  const percentiles = [...input.config.percentiles, percentile].sort((a, b) => a - b);
  return { ...input, config: { ...input.config, percentiles } };
}

interface RunState {
  readonly trials: TrialRecord[];
  readonly checks: Check[];
  readonly profiles: ProfileSetup[];
  readonly capacity: CapacityTrace[];
  envoy: ResultRecord['envoy'];
}

const CONFIGURATION = 'minimal sidecar pair: http_connection_manager + router (+ fault when configured), --concurrency 1 each';
const UNKNOWN_ENVOY: ResultRecord['envoy'] = { version: 'unknown', build: 'unknown', binary: '', source: '', concurrency: 1, configuration: CONFIGURATION };

async function runPlan(ctx: RunContext, input: BenchInput, measurement: Measurement, state: RunState): Promise<void> {
  const { progress } = input;
  const binary = await ensureEnvoy(progress.phase);
  state.envoy = { ...state.envoy, ...(await envoyVersion(binary.path)), binary: binary.path, source: binary.source };
  progress.phase(`Envoy ${state.envoy.version} (${binary.source}: ${binary.path})`);
  for (const line of await sweepDeadRuns(path.join(localStateDir, 'runs'))) progress.warn(`Cleaned up after an earlier run that was killed outright: ${line}`);
  const runDir = await privateRunDir(ctx);
  progress.phase(measurement.description);
  for (const profile of input.profiles) {
    if (ctx.signal.aborted) return;
    await runProfile(ctx, input, { profile, runDir, measurement, envoyBinary: binary.path }, state);
  }
}

async function runProfile(ctx: RunContext, input: BenchInput, at: { profile: string; runDir: string; measurement: Measurement; envoyBinary: string }, state: RunState): Promise<void> {
  const { loaded, progress } = input;
  const { profile } = at;
  const definition = input.config.profiles[profile]!;
  progress.phase(`Profile ${profile} (${definition.kind}): setting up nodes …`);
  const link = loaded.scenario.link;
  const nodes = await nodesForProfile(ctx, input.runId, profile, definition, { linkDelayMs: link.delayMs, linkJitterMs: link.jitterMs });
  progress.phase(`Nodes: client CPUs ${nodes.plan.client}, server CPUs ${nodes.plan.server}; ${nodes.fidelity.level} fidelity (${nodes.fidelity.reason})`);
  const deployment = await deployLocal(ctx, { profile, loaded, envoyBinary: at.envoyBinary, runDir: at.runDir, nodes, fidelity: nodes.fidelity });
  progress.phase(`Deployed: baseline ${deployment.endpoints.baseline}, mesh ${deployment.endpoints.mesh}; health checks passed`);
  state.profiles.push(profileSetup(profile, definition.kind, nodes, link.delayMs));
  const verified = await mtlsChecks(deployment, inboundModes(loaded), loaded.scenario.workload.protocol);
  state.checks.push(...verified.map((c) => ({ ...c, name: `[${profile}] ${c.name}` })));
  for (const c of verified) progress.phase(`${c.passed ? '✓' : '✗'} ${c.name}: ${c.detail}`);
  await at.measurement.measure({ ctx, deployment, nodes, input, profile }, state);
  const service = { name: loaded.scenario.workload.serviceName, port: WORKLOAD_PORT };
  state.checks.push(...canaryChecks(state.trials.filter((t) => t.profile === profile), loaded.policy, service));
}

function profileSetup(profile: string, kind: ProfileSetup['kind'], nodes: ProfileNodes, linkDelayMs: number): ProfileSetup {
  return {
    profile,
    kind,
    fidelity: nodes.fidelity,
    clientCpus: nodes.plan.client,
    serverCpus: nodes.plan.server,
    neighbourCpus: nodes.plan.neighbour ?? null,
    quotaPct: nodes.plan.quotaPct ?? null,
    neighbourDutyPct: nodes.plan.neighbour === undefined ? 0 : nodes.plan.neighbourDutyPct,
    linkDelayMs: nodes.network?.linkDelay.applied ? linkDelayMs : 0,
    notes: [...nodes.plan.notes],
  };
}

function inboundModes(loaded: LoadedScenario): Record<string, MtlsMode> {
  return Object.fromEntries(Object.entries(loaded.policy.inbound).map(([version, p]) => [version, p.portModes[WORKLOAD_PORT] ?? p.mode]));
}

async function privateRunDir(ctx: RunContext): Promise<string> {
  await mkdir(path.join(localStateDir, 'runs'), { recursive: true });
  const dir = await mkdtemp(path.join(localStateDir, 'runs', `${ctx.runId}-`));
  ctx.defer(`remove ${dir}`, () => rm(dir, { recursive: true, force: true }));
  await claimRunDir(dir);
  return dir;
}

