/**
 * One benchmark run: provision → deploy per profile (through the target) → interleaved trials →
 * stats → record. Whatever happens (success, Ctrl-C, a child dying), teardown runs and the record
 * is written with what was measured; an interrupted run's record says `state: "partial"` and why.
 */
import { collectHostInventory } from '../probes/index.js';
import { onInterrupt, RunContext, type Progress } from '../process/index.js';
import { writeRecord, type Check, type ProfileSetup, type ResultRecord, type TrialRecord } from '../record/index.js';
import { WORKLOAD_PORT, type LoadedScenario, type MtlsMode } from '../scenario/index.js';
import { ensureEnvoy, verifyEnvoy } from '../sidecar/index.js';
import type { CapacityTrace } from '../summary/index.js';
import { localTarget, type Target, type TargetRun } from '../targets/index.js';
import { capacityMeasurement } from './capacity-search.js';
import { canaryChecks } from './checks/canary.js';
import { authorizationChecks } from './checks/authorization.js';
import { captureCounts, counterCheck, interceptionChecks } from './checks/interception.js';
import { telemetryChecks } from './checks/telemetry.js';
import { mtlsChecks } from './checks/mtls.js';
import { planMeasurement, type Measurement } from './measurement.js';
import { buildPlan, connectionModes } from './plan.js';
import { requireZtunnel, type Preflight } from './preflight.js';
import { Checkpoints } from './checkpoint.js';
import { buildRecord, envoyOf, UNKNOWN_ENVOY, type RecordParts } from './record-builder.js';
import type { ProfilePass, ResolvedRun } from './resolved-run.js';
import { judgeAsRecorded, type LevelStop } from './stopping.js';
import { comparisonUnsettled, type ComparisonAtLooks } from './comparison-at-looks.js';
import type { PlannedTrial } from './plan.js';
import { ambientChecks, ambientChecksAfterTrials } from './checks/ambient.js';
import type { ZtunnelBinary } from '../ztunnel/index.js';
import { toolCommit } from '../version.js';

export interface BenchInput {
  readonly run: ResolvedRun;
  readonly progress: Progress;
  /** Where it runs (default: the local target). */
  readonly target?: Target;
  /**
   * Whether the run listens to SIGINT/SIGTERM itself (default true; tests own signals). A second
   * signal calls `onForce`: the CLI exits there, the run never does.
   */
  readonly handleSignals?: boolean;
  readonly onForce?: (signal: NodeJS.Signals) => void;
  /** The command line that started the run, kept in the record. */
  readonly argv?: readonly string[];
  /** Envoy as `preflightRun` found and checked it (default: found and checked here). */
  readonly preflight?: Preflight;
  /** The baseline the run will be compared with (`bench --baseline`): its levels go on until that comparison settles. */
  readonly comparison?: ComparisonAtLooks;
}

export interface BenchOutcome {
  readonly record: ResultRecord;
  readonly file: string;
  /** Why the run stopped early, if it did (the record is then partial). */
  readonly error?: Error;
}

export async function runBench(input: BenchInput): Promise<BenchOutcome> {
  const { run } = input;
  const startedAt = new Date().toISOString();
  const state: RunState = { trials: [], checks: [], profiles: [], capacity: [], stopping: [], envoy: { ...UNKNOWN_ENVOY } };
  const environment = collectHostInventory();
  const tool = toolCommit().then((commit) => ({ commit, argv: input.argv ?? [] }));
  const comparedWith = input.comparison ? { comparedWith: input.comparison.baseline.runId } : {};
  const partsWith = (known: Known): RecordParts => ({ run, startedAt, ...state, target: state.opened?.describe?.(), ...known, failure: undefined, cleanupFailures: [], ...comparedWith });
  const parts = async (): Promise<RecordParts> => partsWith({ environment: await environment, tool: await tool });
  const known = Promise.all([environment, tool]).then(([e, t]): Known => ({ environment: e, tool: t }));
  const measurement = measurementFor(run, Date.now(), input.comparison ? comparisonAtLooks(input.comparison, known, partsWith) : undefined);
  const ctx = new RunContext(run.runId, Math.max(600_000, measurement.loadSeconds * 3_000 + 300_000));
  const stopListening = input.handleSignals === false ? () => {} : onInterrupt(ctx, { warn: input.progress.warn, ...(input.onForce ? { onForce: input.onForce } : {}) });
  const checkpoints = new Checkpoints(parts, input.progress.warn);
  checkpoints.request();
  let failure: Error | undefined;
  try {
    await runPlan(ctx, input, measurement, state, () => checkpoints.flush());
  } catch (error) {
    failure = error as Error;
  }
  try {
    // Every path reaches here: teardown first, then the record of whatever was measured. Signals
    // stay handled until both are done, so a Ctrl-C now cannot cut them short.
    const cleanupFailures = await ctx.unwind();
    failure = ctx.abortReason ?? failure;
    await checkpoints.close();
    const record = buildRecord({ ...(await parts()), failure, cleanupFailures });
    const file = await writeRecord(run.resultsDir, record);
    return { record, file, ...(failure ? { error: failure } : {}) };
  } finally {
    stopListening();
  }
}

/**
 * At a look, the level's comparison with the baseline, on the record as it would be written now.
 * Looks are synchronous: the record's host inventory and commit are awaited once, in the
 * background, and until they are known (the first seconds of a run) no look waits on the comparison.
 */
function comparisonAtLooks(at: ComparisonAtLooks, known: Promise<Known>, partsWith: (known: Known) => RecordParts): (level: PlannedTrial) => string | null {
  let resolved: Known | undefined;
  known.then((k) => (resolved = k)).catch(() => undefined);
  return (level) => (resolved ? comparisonUnsettled(level, buildRecord(partsWith(resolved)), at) : null);
}

/** What a record needs that is found once, in the background: the host inventory and meshtax's commit. */
type Known = Pick<RecordParts, 'environment' | 'tool'>;

/** The fixed levels of the scenario (each stopping when it knows, for a default run), or its capacity search. */
function measurementFor(run: ResolvedRun, runStartedMs: number, unsettled?: (level: PlannedTrial) => string | null): Measurement {
  const { scenario } = run.loaded;
  const labels = run.passes.map((p) => p.label);
  if (scenario.capacity) return capacityMeasurement(scenario.capacity, labels);
  const modes = connectionModes(scenario.load.newConnectionEvery);
  if (!run.stopping) return planMeasurement(buildPlan(labels, scenario.load.ratesRps, run.timing, modes));
  const lastLook = run.stopping.plan.looks[run.stopping.plan.looks.length - 1]!;
  const plan = buildPlan(labels, scenario.load.ratesRps, { ...run.timing, rounds: lastLook }, modes);
  return planMeasurement(plan, { settings: run.stopping, judge: judgeAsRecorded(run.config), runStartedMs, ...(unsettled ? { unsettled } : {}) });
}

interface RunState {
  readonly trials: TrialRecord[];
  readonly checks: Check[];
  readonly profiles: ProfileSetup[];
  readonly capacity: CapacityTrace[];
  readonly stopping: LevelStop[];
  envoy: ResultRecord['envoy'];
  /** The opened target, once it is: it describes itself for the record. */
  opened?: TargetRun;
}

/** Written after every trial, between trials (see checkpoint.ts). */
type AfterTrial = () => Promise<void>;

async function runPlan(ctx: RunContext, input: BenchInput, measurement: Measurement, state: RunState, afterTrial: AfterTrial): Promise<void> {
  const { progress } = input;
  const target = input.target ?? localTarget();
  const binary = input.preflight?.envoy ?? (await ensureEnvoy(progress.phase));
  state.envoy = envoyOf(binary, input.preflight?.envoyVersion ?? (await verifyEnvoy(binary)));
  progress.phase(`Envoy ${state.envoy.version} (${binary.source}: ${binary.path})`);
  for (const line of await target.sweepLeftovers()) progress.warn(`Cleaned up after an earlier run that was killed outright: ${line}`);
  const ztunnel = input.preflight?.ztunnel ?? (await requireZtunnel(input.run));
  const opened = await target.open(ctx);
  state.opened = opened;
  progress.phase(measurement.description);
  for (const pass of input.run.passes) {
    if (ctx.signal.aborted) return;
    await runProfile(ctx, input, { pass, opened, measurement, envoyBinary: binary.path, ztunnel, afterTrial }, state);
  }
}

interface ProfileAt {
  readonly pass: ProfilePass;
  readonly opened: TargetRun;
  readonly measurement: Measurement;
  readonly envoyBinary: string;
  readonly ztunnel: ZtunnelBinary | undefined;
  readonly afterTrial: AfterTrial;
}

async function runProfile(ctx: RunContext, input: BenchInput, at: ProfileAt, state: RunState): Promise<void> {
  const { run, progress } = input;
  const { loaded } = run;
  const { label: profile, dataPlane } = at.pass;
  const definition = run.config.profiles[at.pass.profile]!;
  progress.phase(`Profile ${profile} (${definition.kind}${dataPlane === 'ambient' ? ', ambient data plane' : ''}): setting up nodes …`);
  const deployed = await at.opened.deployProfile({ profile, definition, loaded, envoyBinary: at.envoyBinary, dataPlane, ztunnel: at.ztunnel });
  const { deployment, setup } = deployed;
  progress.phase(`Nodes: client CPUs ${setup.clientCpus}, server CPUs ${setup.serverCpus}; ${setup.fidelity.level} fidelity (${setup.fidelity.reason})`);
  progress.phase(`Deployed: baseline ${deployment.endpoints.baseline}, mesh ${deployment.endpoints.mesh}; health checks passed`);
  state.profiles.push(setup);
  state.envoy = { ...state.envoy, configs: [...(state.envoy.configs ?? []), ...deployment.sidecars.map((s) => ({ profile, sidecar: s.name, config: { ...s.config } }))] };
  const modes = inboundModes(loaded);
  const verified = deployment.ambient ? await ambientChecks(deployment, deployment.ambient) : [
    ...(await mtlsChecks(deployment, modes, loaded.scenario.workload.protocol)),
    ...(loaded.scenario.workload.protocol === 'http' ? await interceptionChecks(deployment, modes[loaded.scenario.workload.versions[0]!] ?? 'PERMISSIVE', deployment.nodes.client.wrap) : []),
    ...(loaded.scenario.workload.protocol === 'http' ? await authorizationChecks(deployment, loaded.policy.authorization ?? []) : []),
  ];
  state.checks.push(...verified.map((c) => ({ ...c, name: `[${profile}] ${c.name}` })));
  for (const c of verified) progress.phase(`${c.passed ? '✓' : '✗'} ${c.name}: ${c.detail}`);
  const countsBefore = await captureCounts(deployment.interception);
  await at.measurement.measure({ ctx, run, profile, deployed, progress, afterTrial: at.afterTrial }, state);
  const countsAfter = await captureCounts(deployment.interception);
  const afterTrials = [
    ...(countsBefore && countsAfter && !deployment.ambient ? [counterCheck(countsBefore, countsAfter)] : []),
    ...(await telemetryChecks(deployment, loaded.policy.telemetry, state.trials.filter((t) => t.profile === profile))),
    ...(deployment.ambient ? await ambientChecksAfterTrials(deployment.ambient, countsBefore && countsAfter ? { before: countsBefore, after: countsAfter } : undefined) : []),
  ];
  state.checks.push(...afterTrials.map((c) => ({ ...c, name: `[${profile}] ${c.name}` })));
  const service = { name: loaded.scenario.workload.serviceName, port: WORKLOAD_PORT };
  state.checks.push(...canaryChecks(state.trials.filter((t) => t.profile === profile), loaded.policy, service));
}

function inboundModes(loaded: LoadedScenario): Record<string, MtlsMode> {
  return Object.fromEntries(Object.entries(loaded.policy.inbound).map(([version, p]) => [version, p.portModes[WORKLOAD_PORT] ?? p.mode]));
}
