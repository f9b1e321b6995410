/**
 * Export in the CNCF Service Mesh Performance (SMP) format, so Meshery and other SMP readers can
 * take meshtax results. Follows `protos/service_mesh_performance.proto` (package smp) of
 * github.com/service-mesh-performance/service-mesh-performance: PerformanceTestConfig,
 * ServiceMeshConfig, EnvironmentConfig, and one PerformanceTestResult per (profile, rate,
 * deployment). Field names are the proto's own (what protojson and Go's encoding/json on the
 * generated structs both accept); timestamps are RFC 3339 strings (proto3 JSON mapping).
 *
 * What SMP has no field for — the tax, its CI, the noise floor, p99.9, the histograms, probes —
 * stays in our record; `meshtax` points to it.
 */
import { z } from 'zod';
import { levelsOf, measuredTrials, mergedHistogram, type Level } from './model.js';
import type { ReportProbes, SidecarCost } from './probes.js';
import type { ResultRecord, TrialRecord } from '../record/schema.js';

/** The SMP spec version this export follows. */
export const SMP_VERSION = 'v0.0.1';

export interface SmpLatencyMs {
  min: number;
  average: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface SmpPerformanceTestResult {
  smp_version: string;
  id: string;
  labels: Record<string, string>;
  start_time: string;
  end_time: string;
  latencies_ms: SmpLatencyMs;
  actual_QPS: number;
  details_uri: string;
  testId: string;
  meshConfigId: string;
  envId: string;
}

export interface SmpExport {
  smp_version: string;
  performance_test_config: ReturnType<typeof testConfig>;
  service_mesh_config: ReturnType<typeof meshConfig>;
  environment_config: ReturnType<typeof environmentConfig>;
  results: SmpPerformanceTestResult[];
  /** Not SMP: where the figures SMP cannot hold are, and the run's own answer. */
  meshtax: { run_id: string; record: string; verdict: string; budget_us: number; not_in_smp: string[] };
}

export function toSmp(record: ResultRecord, probes?: ReportProbes): SmpExport {
  const ids = { test: record.runId, mesh: `${record.runId}/mesh`, env: `${record.runId}/env` };
  const results = levelsOf(record).flatMap((level) =>
    (['baseline', 'mesh'] as const).flatMap((variant) => {
      const result = levelResult(record, level, variant, ids);
      return result === null ? [] : [result];
    }),
  );
  return {
    smp_version: SMP_VERSION,
    performance_test_config: testConfig(record),
    service_mesh_config: meshConfig(record, ids.mesh, probes?.sidecars),
    environment_config: environmentConfig(record, ids.env),
    results,
    meshtax: {
      run_id: record.runId,
      record: recordPath(record),
      verdict: record.verdict,
      budget_us: record.budgetUs,
      not_in_smp: ['tax per percentile with confidence interval', 'noise floor', 'p99.9', 'raw HDR histograms per trial', 'invalid trials', 'probes (steal, throttling, disk)', 'checks (mTLS, canary)'],
    },
  };
}

const recordPath = (record: ResultRecord) => `results/${record.runId}.json`;
const ms = (us: number) => Math.round(us) / 1000;

function levelResult(record: ResultRecord, level: Level, variant: TrialRecord['variant'], ids: { test: string; mesh: string; env: string }): SmpPerformanceTestResult | null {
  const trials = measuredTrials(record, level, variant);
  const h = mergedHistogram(trials);
  if (h === null) return null;
  const latencies: SmpLatencyMs = {
    min: ms(h.minNonZeroValue),
    average: ms(h.mean),
    p50: ms(h.getValueAtPercentile(50)),
    p90: ms(h.getValueAtPercentile(90)),
    p99: ms(h.getValueAtPercentile(99)),
    max: ms(h.maxValue),
  };
  h.destroy();
  const span = timeSpan(trials);
  return {
    smp_version: SMP_VERSION,
    id: `${record.runId}/${level.profile}/${level.rateRps}/${variant}`,
    labels: { tool: 'meshtax', deployment: variant, node_profile: level.profile, offered_rps: String(level.rateRps), scenario: record.scenario.name, trials: String(trials.length) },
    start_time: span.start,
    end_time: span.end,
    latencies_ms: latencies,
    actual_QPS: actualQps(trials),
    details_uri: recordPath(record),
    testId: ids.test,
    meshConfigId: variant === 'mesh' ? ids.mesh : '',
    envId: ids.env,
  };
}

function timeSpan(trials: readonly TrialRecord[]): { start: string; end: string } {
  const starts = trials.map((t) => Date.parse(t.startedAt));
  const ends = trials.map((t) => Date.parse(t.startedAt) + t.load.durationS * 1000);
  return { start: new Date(Math.min(...starts)).toISOString(), end: new Date(Math.max(...ends)).toISOString() };
}

/** Completed requests over the time under load (trials run one after another). */
function actualQps(trials: readonly TrialRecord[]): number {
  const seconds = trials.reduce((s, t) => s + t.load.durationS, 0);
  const completed = trials.reduce((s, t) => s + t.load.completed, 0);
  return seconds > 0 ? Math.round((completed / seconds) * 100) / 100 : 0;
}

const DefinitionSchema = z.object({
  workload: z.object({ protocol: z.string() }).partial().optional(),
  load: z.object({ connections: z.number() }).partial().optional(),
});

function testConfig(record: ResultRecord) {
  const definition = DefinitionSchema.safeParse(record.scenario.definition);
  const protocol = definition.success ? (definition.data.workload?.protocol ?? 'http') : 'http';
  const connections = definition.success ? (definition.data.load?.connections ?? 0) : 0;
  const rates = [...new Set(record.levels.map((l) => l.offeredRps ?? l.rateRps))];
  return {
    smp_version: SMP_VERSION,
    id: record.runId,
    name: record.scenario.name,
    labels: { description: record.scenario.description, rounds: String(record.settings.rounds), quick: String(record.settings.quick) },
    clients: rates.map((rps) => ({ internal: true, load_generator: 'meshtax', protocol, connections, rps, endpoint_url: [] as string[] })),
    duration: `${record.settings.trialSeconds}s`,
  };
}

function meshConfig(record: ResultRecord, id: string, sidecars: readonly SidecarCost[] | undefined) {
  return {
    smp_version: SMP_VERSION,
    id,
    labels: { envoy_configuration: record.envoy.configuration, fidelity: record.fidelity.level },
    ...(sidecars !== undefined && sidecars.length > 0 ? { sidecar: sidecarTotals(sidecars) } : {}),
    mtls_enabled: /mode:\s*(STRICT|PERMISSIVE|ISTIO_MUTUAL)\b/.test(record.scenario.istioYaml),
    proxy_concurrency: record.envoy.concurrency,
    mesh_build: `meshtax ${record.tool.version}`,
    proxy_build: `envoy ${record.envoy.version} ${record.envoy.build}`,
    profile: record.settings.profiles.join(','),
    mesh_type: { type: 'istio' },
  };
}

/** SMP's one Sidecar block: all sidecars of a node profile summed, at the highest measured rate (mean over profiles). */
function sidecarTotals(costs: readonly SidecarCost[]) {
  const top = Math.max(...costs.map((c) => c.rateRps));
  const at = costs.filter((c) => c.rateRps === top);
  const names = new Set(at.map((c) => c.sidecar));
  const perProfile = Math.max(1, new Set(at.map((c) => c.profile)).size);
  const sum = (f: (c: SidecarCost) => number | null) => Math.round(at.reduce((s, c) => s + (f(c) ?? 0), 0) / perProfile);
  return { count: names.size, cpu_mCores: sum((c) => c.meanMillicores), mem_mb: sum((c) => c.maxRssMiB), rps: top };
}

function environmentConfig(record: ResultRecord, id: string) {
  const env = record.environment;
  const labels: Record<string, string> = { target: record.target?.name ?? 'local', hostname: env.hostname, kernel: env.os.kernel, fidelity: record.fidelity.reason };
  if (env.virtualization.virtual) labels.hypervisor = env.virtualization.hypervisor ?? 'unknown';
  if (env.virtualization.systemModel !== null) labels.system_model = env.virtualization.systemModel;
  return {
    smp_version: SMP_VERSION,
    id,
    labels,
    kubernetes_version: record.target?.kubernetes?.serverVersion ?? '',
    node: [{ type: env.virtualization.systemModel ?? env.cpu.model, cores: env.cpu.logicalCores, mem_mb: Math.round(env.memory.totalBytes / 2 ** 20) }],
  };
}
