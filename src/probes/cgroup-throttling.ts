import { join } from 'node:path/posix';
import { parseMountInfo, type MountInfo } from './mountinfo.js';
import { round, weightedMean } from './numbers.js';
import { createIntervalProbe, DEFAULT_INTERVAL_MS, readTextFile, textSource } from './sampler.js';
import type { Probe, ReadText } from './types.js';

/**
 * CFS bandwidth throttling of one cgroup, v1 or v2.
 *
 * v1 (`<cpu mount>/<path>/cpu.stat`): nr_periods, nr_throttled, throttled_time (ns); CPU usage
 *   comes from `<cpuacct mount>/<path>/cpuacct.usage` (ns) when that hierarchy has the cgroup.
 * v2 (`<unified mount>/<path>/cpu.stat`): usage_usec always; nr_periods, nr_throttled,
 *   throttled_usec only when the cpu controller is enabled for the cgroup (else null).
 *
 * `nr_periods` counts only enforcement periods in which the cgroup had runnable tasks; it stays 0
 * without a quota, so `throttledPeriodsPct` is then null ("no quota in force"), not 0.
 */

export type CgroupVersion = 'v1' | 'v2';

export interface CgroupLayout {
  version: CgroupVersion;
  /** Directory holding the root cgroup's `cpu.stat`: the v1 cpu controller mount, or the v2 mount. */
  cpuRoot: string;
  /** v1: the mount of the cpuacct controller (may equal cpuRoot when co-mounted); v2: null. */
  cpuacctRoot: string | null;
}

/**
 * Which cgroup version governs the cpu controller. A v1 mount carrying `cpu` wins (that covers the
 * "hybrid" layout, where a cgroup2 mount at /sys/fs/cgroup/unified carries no controllers);
 * otherwise a cgroup2 mount, preferring /sys/fs/cgroup. Null when no cgroup filesystem is mounted.
 */
export function cgroupLayoutFromMounts(mounts: readonly MountInfo[]): CgroupLayout | null {
  const v1 = (controller: string): MountInfo | undefined => {
    const candidates = mounts.filter((m) => m.fsType === 'cgroup' && m.superOptions.includes(controller));
    return candidates.find((m) => m.root === '/') ?? candidates[0];
  };
  const cpu = v1('cpu');
  if (cpu !== undefined) {
    return { version: 'v1', cpuRoot: cpu.mountPoint, cpuacctRoot: v1('cpuacct')?.mountPoint ?? null };
  }
  const v2 = mounts.filter((m) => m.fsType === 'cgroup2');
  const unified = v2.find((m) => m.mountPoint === '/sys/fs/cgroup') ?? v2[0];
  return unified === undefined ? null : { version: 'v2', cpuRoot: unified.mountPoint, cpuacctRoot: null };
}

export async function detectCgroupLayout(readText: ReadText = readTextFile): Promise<CgroupLayout | null> {
  return cgroupLayoutFromMounts(parseMountInfo(await readText('/proc/self/mountinfo')));
}

/** 'v1' or 'v2' for the cpu controller of this machine; throws when no cgroup fs is mounted. */
export async function detectCgroupVersion(readText: ReadText = readTextFile): Promise<CgroupVersion> {
  const layout = await detectCgroupLayout(readText);
  if (layout === null) throw new Error('no cgroup filesystem is mounted (checked /proc/self/mountinfo)');
  return layout.version;
}

/** Counters of `cpu.stat`, normalised to microseconds. */
export interface CgroupCpuStat {
  nrPeriods: number | null;
  nrThrottled: number | null;
  throttledUs: number | null;
  usageUs: number | null;
}

function parseKeyed(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key === undefined || key === '' || value === undefined) continue;
    const n = Number(value);
    if (Number.isFinite(n)) out.set(key, n);
  }
  return out;
}

/** v1 `cpu.stat`: nr_periods, nr_throttled, throttled_time (ns). No usage (that is cpuacct's). */
export function parseCgroupV1CpuStat(text: string): CgroupCpuStat {
  const kv = parseKeyed(text);
  const nrPeriods = kv.get('nr_periods');
  const nrThrottled = kv.get('nr_throttled');
  const throttledNs = kv.get('throttled_time');
  if (nrPeriods === undefined || nrThrottled === undefined || throttledNs === undefined) {
    throw new Error('not a cgroup v1 cpu.stat: expected nr_periods, nr_throttled and throttled_time');
  }
  return { nrPeriods, nrThrottled, throttledUs: throttledNs / 1000, usageUs: null };
}

/** v2 `cpu.stat`: usage_usec always; nr_periods, nr_throttled, throttled_usec with the cpu controller. */
export function parseCgroupV2CpuStat(text: string): CgroupCpuStat {
  const kv = parseKeyed(text);
  const usageUs = kv.get('usage_usec');
  if (usageUs === undefined) throw new Error('not a cgroup v2 cpu.stat: expected usage_usec');
  return {
    nrPeriods: kv.get('nr_periods') ?? null,
    nrThrottled: kv.get('nr_throttled') ?? null,
    throttledUs: kv.get('throttled_usec') ?? null,
    usageUs,
  };
}

/**
 * The cgroup path of a process from `/proc/<pid>/cgroup` text: for v2 the `0::` line, for v1 the
 * line whose controller list holds `cpu`. Null when there is no such line.
 */
export function parseProcCgroup(text: string, version: CgroupVersion): string | null {
  for (const line of text.split('\n')) {
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first < 0 || second < 0) continue;
    const id = line.slice(0, first);
    const controllers = line.slice(first + 1, second).split(',');
    const path = line.slice(second + 1);
    if (version === 'v2' ? id === '0' && controllers.join('') === '' : controllers.includes('cpu')) return path;
  }
  return null;
}

/** The cgroup (relative to the hierarchy root) whose cpu.stat governs `pid`. */
export async function cgroupPathOfPid(
  pid: number,
  version?: CgroupVersion,
  readText: ReadText = readTextFile,
): Promise<string | null> {
  const v = version ?? (await detectCgroupVersion(readText));
  return parseProcCgroup(await readText(`/proc/${pid}/cgroup`), v);
}

export interface CgroupThrottlingSample {
  dtMs: number;
  /** Δnr_periods; null when the kernel does not report it (v2 without the cpu controller). */
  periods: number | null;
  /** Δnr_throttled. */
  throttledPeriods: number | null;
  /** Δthrottled time, ms. */
  throttledMs: number | null;
  /** CPU the cgroup used in the interval, millicores (1000 = one core); null when unknown. */
  usageMillicores: number | null;
}

const deltaOrNull = (prev: number | null, cur: number | null): number | null =>
  prev === null || cur === null ? null : Math.max(0, cur - prev);

export function diffCgroupCpuStat(prev: CgroupCpuStat, cur: CgroupCpuStat, dtMs: number): CgroupThrottlingSample {
  const throttledUs = deltaOrNull(prev.throttledUs, cur.throttledUs);
  const usageUs = deltaOrNull(prev.usageUs, cur.usageUs);
  return {
    dtMs: round(dtMs),
    periods: deltaOrNull(prev.nrPeriods, cur.nrPeriods),
    throttledPeriods: deltaOrNull(prev.nrThrottled, cur.nrThrottled),
    throttledMs: throttledUs === null ? null : round(throttledUs / 1000),
    usageMillicores: usageUs === null ? null : round((usageUs / 1000 / dtMs) * 1000),
  };
}

/**
 * Summary keys: `throttledPeriodsPct` (Σthrottled / Σperiods; null without periods), `nrPeriods`,
 * `nrThrottled`, `throttledMs` (total over the series), `meanUsageMillicores`.
 */
export function summarizeCgroupThrottling(
  samples: ReadonlyArray<CgroupThrottlingSample>,
): Record<string, number | null> {
  const sum = (pick: (s: CgroupThrottlingSample) => number | null): number | null => {
    let total: number | null = null;
    for (const s of samples) {
      const v = pick(s);
      if (v !== null) total = (total ?? 0) + v;
    }
    return total;
  };
  const periods = sum((s) => s.periods);
  const throttled = sum((s) => s.throttledPeriods);
  const throttledMs = sum((s) => s.throttledMs);
  const usage = weightedMean(
    samples.flatMap((s) => (s.usageMillicores === null ? [] : [{ value: s.usageMillicores, weight: s.dtMs }])),
  );
  return {
    throttledPeriodsPct: periods !== null && periods > 0 && throttled !== null ? round((throttled / periods) * 100) : null,
    nrPeriods: periods,
    nrThrottled: throttled,
    throttledMs: throttledMs === null ? null : round(throttledMs),
    meanUsageMillicores: usage === null ? null : round(usage),
  };
}

export interface CgroupThrottlingOptions {
  /** Cgroup path relative to the hierarchy root, e.g. `/meshtax/node-a` (`/` for the root). */
  cgroup: string;
  /** Default `cgroup-throttling:<cgroup>`. */
  name?: string;
  intervalMs?: number;
  /** Skip detection (tests, unusual mounts). */
  layout?: CgroupLayout;
  readText?: ReadText;
}

/** Samples one cgroup's cpu.stat (and v1 cpuacct.usage). */
export function createCgroupThrottlingProbe(options: CgroupThrottlingOptions): Probe<CgroupThrottlingSample> {
  const source = textSource(options.readText, { shortReadIsEof: true });
  let layout: Promise<CgroupLayout> | undefined;
  let resolved: CgroupLayout | undefined;
  let cpuacctMissing = false;
  const resolveLayout = async (): Promise<CgroupLayout> => {
    if (options.layout !== undefined) return options.layout;
    const detected = await detectCgroupLayout(options.readText ?? readTextFile);
    if (detected === null) throw new Error('no cgroup filesystem is mounted');
    return detected;
  };

  const read = async (): Promise<CgroupCpuStat> => {
    layout ??= resolveLayout();
    const l = await layout;
    resolved = l;
    const text = await source.read(join(l.cpuRoot, options.cgroup, 'cpu.stat'));
    if (l.version === 'v2') return parseCgroupV2CpuStat(text);
    const stat = parseCgroupV1CpuStat(text);
    if (l.cpuacctRoot !== null && !cpuacctMissing) {
      try {
        const ns = Number((await source.read(join(l.cpuacctRoot, options.cgroup, 'cpuacct.usage'))).trim());
        if (Number.isFinite(ns)) stat.usageUs = ns / 1000;
      } catch {
        cpuacctMissing = true; // the cgroup exists only in the cpu hierarchy: usage stays unknown
      }
    }
    return stat;
  };

  return createIntervalProbe<CgroupCpuStat, CgroupThrottlingSample>({
    name: options.name ?? `cgroup-throttling:${options.cgroup}`,
    intervalMs: options.intervalMs ?? DEFAULT_INTERVAL_MS,
    read,
    diff: diffCgroupCpuStat,
    close: source.close,
    summarize: summarizeCgroupThrottling,
    labels: (): Record<string, string> =>
      resolved === undefined ? { cgroup: options.cgroup } : { cgroup: options.cgroup, cgroupVersion: resolved.version },
  });
}
