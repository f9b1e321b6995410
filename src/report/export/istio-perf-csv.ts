/**
 * CSV in the columns of Istio's perf benchmark (istio/tools perf/benchmark/runner/fortio.py
 * `--csv`): one row per load level and variant, latencies in whole µs, the client proxy as
 * `fortio_deployment`, the server proxy as `fortioserver_deployment`. CPU "max" is the highest
 * per-trial mean (Istio's is the highest 15 s Prometheus sample); `-` where there is no proxy.
 */
import type { ResultRecord, TrialRecord } from '../../record/index.js';
import { variantLabel, type LevelVariant } from './level-variants.js';

export const ISTIO_PERF_COLUMNS = [
  'StartTime',
  'ActualDuration',
  'Labels',
  'NumThreads',
  'ActualQPS',
  'p50',
  'p90',
  'p99',
  'cpu_mili_avg_fortio_deployment_proxy',
  'cpu_mili_max_fortio_deployment_proxy',
  'mem_MB_max_fortio_deployment_proxy',
  'cpu_mili_avg_fortioserver_deployment_proxy',
  'cpu_mili_max_fortioserver_deployment_proxy',
  'mem_MB_max_fortioserver_deployment_proxy',
] as const;

type Column = (typeof ISTIO_PERF_COLUMNS)[number];

export function toIstioPerfCsv(record: ResultRecord, variants: readonly LevelVariant[]): string {
  const rows = variants.map((v) => ISTIO_PERF_COLUMNS.map((c) => csvCell(rowOf(record, v)[c])).join(','));
  return `${[ISTIO_PERF_COLUMNS.join(','), ...rows].join('\n')}\n`;
}

function rowOf(record: ResultRecord, v: LevelVariant): Record<Column, string | number> {
  const at = (p: number) => Math.round(v.histogram.getValueAtPercentile(p));
  const proxy = (role: string) => (v.variant === 'mesh' ? proxyFigures(v.trials, role) : { avg: '-', max: '-', mem: '-' });
  const client = proxy('envoy-client');
  const server = proxy('envoy-server');
  return {
    StartTime: v.trials[0]!.startedAt,
    ActualDuration: Math.round(v.durationS),
    Labels: variantLabel(record, v).replaceAll(' ', '_'),
    NumThreads: v.connections,
    ActualQPS: Math.round(v.achievedRps),
    p50: at(50),
    p90: at(90),
    p99: at(99),
    cpu_mili_avg_fortio_deployment_proxy: client.avg,
    cpu_mili_max_fortio_deployment_proxy: client.max,
    mem_MB_max_fortio_deployment_proxy: client.mem,
    cpu_mili_avg_fortioserver_deployment_proxy: server.avg,
    cpu_mili_max_fortioserver_deployment_proxy: server.max,
    mem_MB_max_fortioserver_deployment_proxy: server.mem,
  };
}

/** A role's millicores (mean, highest trial mean) and largest RSS over the trials; `-` unprobed. */
function proxyFigures(trials: readonly TrialRecord[], role: string): { avg: number | string; max: number | string; mem: number | string } {
  const summaries = trials.map((t) => t.probes?.find((s) => s.name.startsWith('process'))?.summary ?? {});
  const millicores = summaries.map((s) => s[`role:${role}.meanMillicores`]).filter(isNumber);
  const rss = summaries.map((s) => s[`role:${role}.maxRssMiB`]).filter(isNumber);
  return {
    avg: millicores.length ? Math.round(millicores.reduce((a, b) => a + b, 0) / millicores.length) : '-',
    max: millicores.length ? Math.round(Math.max(...millicores)) : '-',
    mem: rss.length ? Math.round(Math.max(...rss)) : '-',
  };
}

const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
