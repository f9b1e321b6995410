/**
 * What the probe charts need, independent of how the record will carry probes. The record has no
 * probes section yet: the run (or `probePointsFromSeries`) fills this from the probes' series.
 * Every chart built from it is drawn only when its part is present and non-empty.
 */
import type { AnyProbeSeries } from '../probes/index.js';

/** The host and cgroup signals the report puts beside latency. */
export type ProbeSignal = 'steal-pct' | 'cpu-pressure-pct' | 'throttled-ms-per-s' | 'disk-await-ms';

export const PROBE_SIGNALS: Readonly<Record<ProbeSignal, { readonly label: string; readonly unit: string }>> = {
  'steal-pct': { label: 'CPU steal (time the hypervisor gave to other guests)', unit: '%' },
  'cpu-pressure-pct': { label: 'CPU pressure (time tasks waited for a CPU)', unit: '%' },
  'throttled-ms-per-s': { label: 'CPU throttling (CFS quota)', unit: 'ms throttled per s' },
  'disk-await-ms': { label: 'Disk write latency (await)', unit: 'ms' },
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

/** Steal, pressure, throttling and disk await points from the probes' series (others ignored). */
export function probePointsFromSeries(series: readonly AnyProbeSeries[]): ProbePoint[] {
  return series.flatMap((s) => s.samples.flatMap((sample) => pointsOfSample(s.name, sample)));
}

type AnySample = AnyProbeSeries['samples'][number];

function pointsOfSample(name: string, sample: AnySample): ProbePoint[] {
  const at = (signal: ProbeSignal, source: string, value: number | null): ProbePoint[] =>
    value === null || !Number.isFinite(value) ? [] : [{ tMs: sample.tMs, signal, source, value }];
  if ('total' in sample) return at('steal-pct', 'host', sample.total.steal);
  if ('stallPct' in sample) return at('cpu-pressure-pct', 'host', sample.stallPct);
  if ('throttledMs' in sample) {
    const perS = sample.throttledMs === null || sample.dtMs <= 0 ? null : (sample.throttledMs / sample.dtMs) * 1000;
    return at('throttled-ms-per-s', name.replace(/^cgroup-throttling:/, ''), perS);
  }
  if ('devices' in sample) return Object.entries(sample.devices).flatMap(([device, d]) => at('disk-await-ms', device, d.writeAwaitMs));
  return [];
}
