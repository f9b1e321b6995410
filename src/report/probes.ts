/**
 * What the probe charts need: points on the run's time line and sidecar costs per level. Built from
 * the probe series the record keeps per trial (`reportProbesFromRecord`), or given by a caller.
 * Every chart built from it is drawn only when its part is present and non-empty.
 */
import { z } from 'zod';
import { levelKey, type Level } from './model.js';
import type { ResultRecord, TrialRecord } from '../record/schema.js';

/** The host and cgroup signals the report puts beside latency. */
export type ProbeSignal = 'steal-pct' | 'cpu-pressure-pct' | 'throttled-ms-per-s' | 'disk-await-ms' | 'fdatasync-ms';

export const PROBE_SIGNALS: Readonly<Record<ProbeSignal, { readonly label: string; readonly unit: string }>> = {
  'steal-pct': { label: 'CPU steal (time the hypervisor gave to other guests)', unit: '%' },
  'cpu-pressure-pct': { label: 'CPU pressure (time tasks waited for a CPU)', unit: '%' },
  'throttled-ms-per-s': { label: 'CPU throttling (CFS quota)', unit: 'ms throttled per s' },
  'disk-await-ms': { label: 'Disk write latency (await)', unit: 'ms' },
  'fdatasync-ms': { label: 'fdatasync on the results disk', unit: 'ms' },
};

export interface ProbePoint {
  /** `Date.now()` of the reading. */
  readonly tMs: number;
  readonly signal: ProbeSignal;
  /** Where it was measured: `host`, a cgroup or node name, a disk device. */
  readonly source: string;
  readonly value: number;
}

/** What one sidecar cost at one load level (means over the level's mesh trials). */
export interface SidecarCost {
  readonly profile: string;
  readonly rateRps: number;
  /** 0: keep-alive; N: a new connection every N requests. */
  readonly newConnectionEvery: number;
  /** e.g. `envoy-client`, `envoy-server`. */
  readonly sidecar: string;
  /** CPU, millicores (1000 = one core busy). */
  readonly meanMillicores: number | null;
  /** Peak resident memory, MiB. */
  readonly maxRssMiB: number | null;
}

/** Optional input of the report: probe time lines and sidecar costs. */
export interface ReportProbes {
  readonly timeline?: readonly ProbePoint[];
  readonly sidecars?: readonly SidecarCost[];
}

type Series = NonNullable<TrialRecord['probes']>[number];
type Sample = Series['samples'][number];

const num = z.number().nullable();
const StealSample = z.object({ total: z.object({ steal: z.number() }) });
const PressureSample = z.object({ stallPct: z.number() });
const ThrottleSample = z.object({ dtMs: z.number(), throttledMs: num });
const SyncSample = z.object({ syncMs: z.number() });
const DiskSample = z.object({ devices: z.record(z.string(), z.object({ writeAwaitMs: num.optional(), readAwaitMs: num.optional() })) });

/**
 * Steal, CPU pressure, throttling and disk write await from probe series as the record keeps them
 * (samples are loose objects there); series of other probes, and samples of another shape, are skipped.
 */
export function probePointsFromSeries(series: readonly Series[]): ProbePoint[] {
  return series.flatMap((s) => s.samples.flatMap((sample) => pointsOfSample(s.name, sample)));
}

function pointsOfSample(name: string, sample: Sample): ProbePoint[] {
  const at = (signal: ProbeSignal, source: string, value: number | null | undefined): ProbePoint[] =>
    value === null || value === undefined || !Number.isFinite(value) ? [] : [{ tMs: sample.tMs, signal, source, value }];
  if (name === 'cpu-steal') {
    const s = StealSample.safeParse(sample);
    return s.success ? at('steal-pct', 'host', s.data.total.steal) : [];
  }
  if (name.startsWith('cpu-pressure')) {
    const s = PressureSample.safeParse(sample);
    return s.success ? at('cpu-pressure-pct', 'host', s.data.stallPct) : [];
  }
  if (name.startsWith('cgroup')) {
    const s = ThrottleSample.safeParse(sample);
    const perS = s.success && s.data.throttledMs !== null && s.data.dtMs > 0 ? (s.data.throttledMs / s.data.dtMs) * 1000 : null;
    return at('throttled-ms-per-s', name.replace(/^cgroup-throttling:/, '').replace(/^cgroup-/, ''), perS);
  }
  if (name === 'fdatasync') {
    const s = SyncSample.safeParse(sample);
    return s.success ? at('fdatasync-ms', 'results disk', s.data.syncMs) : [];
  }
  if (name.startsWith('disk')) {
    const s = DiskSample.safeParse(sample);
    return s.success ? Object.entries(s.data.devices).flatMap(([device, d]) => at('disk-await-ms', device, d.writeAwaitMs)) : [];
  }
  return [];
}

/** The probe time line of every trial, and per load level what each sidecar cost. */
export function reportProbesFromRecord(record: ResultRecord): ReportProbes {
  const timeline = probePointsFromSeries(record.trials.flatMap((t) => t.probes ?? []));
  return { timeline, sidecars: sidecarCosts(record) };
}

/** Per level and sidecar: mean CPU over the valid mesh trials, largest RSS seen. */
export function sidecarCosts(record: ResultRecord): SidecarCost[] {
  const costs = new Map<string, { level: Level; sidecar: string; cpu: number[]; rss: number[] }>();
  for (const trial of record.trials.filter((t) => t.variant === 'mesh' && t.valid && !t.warmup)) {
    const usage = trial.probes?.find((s) => s.name === 'process-usage');
    if (usage === undefined) continue;
    for (const sidecar of sidecarNames(usage)) {
      const key = `${levelKey(trial)}\u0000${sidecar}`;
      const entry = costs.get(key) ?? { level: trial, sidecar, cpu: [], rss: [] };
      pushFinite(entry.cpu, usage.summary[`${sidecar}.meanMillicores`]);
      pushFinite(entry.rss, usage.summary[`${sidecar}.maxRssMiB`]);
      costs.set(key, entry);
    }
  }
  return [...costs.values()].map(({ level, sidecar, cpu, rss }) => ({
    profile: level.profile,
    rateRps: level.rateRps,
    newConnectionEvery: level.newConnectionEvery,
    sidecar,
    meanMillicores: cpu.length > 0 ? cpu.reduce((a, b) => a + b, 0) / cpu.length : null,
    maxRssMiB: rss.length > 0 ? Math.max(...rss) : null,
  }));
}

/** Process names whose role label says Envoy (`<name>.role` = `envoy-client` / `envoy-server`). */
function sidecarNames(usage: Series): string[] {
  return Object.entries(usage.labels ?? {})
    .filter(([key, role]) => key.endsWith('.role') && role.startsWith('envoy'))
    .map(([key]) => key.slice(0, -'.role'.length));
}

function pushFinite(into: number[], value: number | null | undefined): void {
  if (typeof value === 'number' && Number.isFinite(value)) into.push(value);
}
