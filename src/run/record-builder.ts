/** The result record of a run, built from whatever was measured (all of it, or a partial run). */
import { isMeshtaxError } from '../errors.js';
import type { HostInventory } from '../probes/index.js';
import { ResultRecordSchema, SCHEMA_VERSION, type Check, type ProfileSetup, type ResultRecord, type TargetRecord, type TrialRecord } from '../record/index.js';
import { SIDECAR_CONCURRENCY, SIDECAR_CONFIGURATION, sidecarConfiguration, type EnvoyBinary } from '../sidecar/index.js';
import { DEFAULT_SEED, lookConfidence } from '../stats/index.js';
import { buildCapacityReport, capacityVerdict, connectionSetupTaxes, summarizeProbes, summarizeRun, summaryRowRecord, type CapacityTrace } from '../summary/index.js';
import { TOOL_VERSION } from '../version.js';
import type { ResolvedRun } from './resolved-run.js';
import { capacityStopping, capacityStoppingRule } from './capacity-search.js';
import { stoppingRecord, type LevelStop } from './stopping.js';

/** The Envoy part of the record before Envoy was found. */
export const UNKNOWN_ENVOY: ResultRecord['envoy'] = { version: 'unknown', build: 'unknown', binary: '', source: '', concurrency: SIDECAR_CONCURRENCY, configuration: SIDECAR_CONFIGURATION };

/** The Envoy part of the record: the binary found, and the sidecar set-up the sidecar part generates. */
export function envoyOf(binary: EnvoyBinary, version: { version: string; build: string }): ResultRecord['envoy'] {
  return { ...UNKNOWN_ENVOY, ...version, binary: binary.path, source: binary.source };
}

/** The sidecars as the scenario set them up: worker threads and layout. */
function sidecarsOf(envoy: ResultRecord['envoy'], run: ResolvedRun): ResultRecord['envoy'] {
  const { concurrency, interception } = run.loaded.scenario.sidecar;
  const layout = interception === 'iptables' ? 'istio' : 'minimal';
  // Where capture could not be applied (no namespaces), each profile's fidelity says so.
  return { ...envoy, concurrency, configuration: sidecarConfiguration(layout, concurrency) };
}

export interface RecordParts {
  readonly run: ResolvedRun;
  readonly startedAt: string;
  readonly trials: readonly TrialRecord[];
  readonly checks: readonly Check[];
  readonly envoy: ResultRecord['envoy'];
  readonly profiles: readonly ProfileSetup[];
  readonly environment: HostInventory;
  readonly failure: Error | undefined;
  readonly cleanupFailures: readonly string[];
  /** The capacity search per profile, when the scenario has one. */
  readonly capacity?: readonly CapacityTrace[];
  /** Where each level of a run that stops when it knows stopped (run.stopping set). */
  readonly stopping?: readonly LevelStop[];
  /** The baseline's run id, when the levels went on until their comparison with it settled. */
  readonly comparedWith?: string;
  /** Where the run ran, when the target says (absent: local). */
  readonly target?: TargetRecord | undefined;
  /** meshtax's commit and the command line that started the run. */
  readonly tool?: { readonly commit: string | null; readonly argv: readonly string[] };
}

export function buildRecord(parts: RecordParts): ResultRecord {
  const { run } = parts;
  const { loaded, timing } = run;
  // A run that stops when it knows is summarised at its looks' corrected confidence: the intervals
  // printed are the ones the rule judged.
  // So is a capacity search, whose levels look at their rounds the same way.
  const search = loaded.scenario.capacity;
  const capacityLooks = search ? capacityStopping(search, run.config.confidence).plan : undefined;
  const looksPlan = run.stopping?.plan ?? capacityLooks;
  const config = looksPlan ? { ...run.config, confidence: lookConfidence(looksPlan) } : run.config;
  const { summary, levels, verdict } = summarizeRun(parts.trials, config, DEFAULT_SEED);
  const probes = summarizeProbes(parts.trials);
  const passes = loaded.scenario.dataPlane === 'sidecar' ? [] : run.passes; // a chosen data plane names each search by it
  const looks = search && capacityLooks ? { looks: capacityLooks.looks, lookConfidence: lookConfidence(capacityLooks), rule: capacityStoppingRule(search, run.config.confidence) } : undefined;
  const capacity = search ? buildCapacityReport(parts.capacity ?? [], search, config, probes, passes, looks) : undefined;
  const runVerdict = capacity ? capacityVerdict(summary, capacity, config) : verdict;
  const record: ResultRecord = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'meshtax', version: TOOL_VERSION, commit: parts.tool?.commit ?? null },
    ...(parts.tool ? { invocation: { argv: [...parts.tool.argv], cwd: process.cwd() } } : {}),
    runId: run.runId,
    startedAt: parts.startedAt,
    finishedAt: new Date().toISOString(),
    state: parts.failure ? 'partial' : 'completed',
    ...(parts.failure ? { partialReason: describeFailure(parts.failure) } : {}),
    scenario: { name: loaded.scenario.name, description: loaded.scenario.description, file: loaded.file, istioYaml: loaded.istioYaml, definition: { ...loaded.scenario } },
    settings: {
      quick: run.quick,
      profiles: run.passes.map((p) => p.label),
      rounds: run.stopping ? Math.max(timing.rounds, ...(parts.stopping ?? []).map((l) => l.rounds)) : timing.rounds,
      trialSeconds: timing.trialSeconds,
      warmupSeconds: timing.warmupSeconds,
      percentiles: config.percentiles,
      verdictPercentiles: config.verdictPercentiles,
      confidence: config.confidence,
      bootstrapResamples: config.bootstrapResamples,
      bootstrapSeed: DEFAULT_SEED,
      maxScheduleLagUs: config.maxScheduleLagUs,
    },
    fidelity: overallFidelity(parts.profiles),
    environment: parts.environment,
    ...(parts.target ? { target: parts.target } : {}),
    profiles: [...parts.profiles],
    probes,
    envoy: sidecarsOf(parts.envoy, run),
    budgetUs: config.budgetUs,
    verdict: runVerdict,
    summary: summary.map(summaryRowRecord),
    levels,
    connectionSetupTax: connectionSetupTaxes(summary),
    checks: [...parts.checks],
    trials: [...parts.trials],
    cleanup: { failures: [...parts.cleanupFailures] },
    ...(capacity ? { capacity } : {}),
    ...(run.stopping ? { stopping: stoppingRecord(run.stopping, run.config.confidence, parts.stopping ?? [], parts.comparedWith) } : {}),
  };
  return ResultRecordSchema.parse(record);
}

function describeFailure(error: Error): string {
  return isMeshtaxError(error) ? error.message : `${error.name}: ${error.message}`;
}

/** The run is only as faithful as its least faithful profile. */
function overallFidelity(profiles: readonly ProfileSetup[]): ResultRecord['fidelity'] {
  if (profiles.length === 0) return { level: 'reduced', reason: 'the run stopped before deploying' };
  const reduced = profiles.filter((p) => p.fidelity.level === 'reduced');
  if (reduced.length === 0) return { level: 'full', reason: profiles[0]!.fidelity.reason };
  return { level: 'reduced', reason: reduced.map((p) => `${p.profile}: ${p.fidelity.reason}`).join('; ') };
}
