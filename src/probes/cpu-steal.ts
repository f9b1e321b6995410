import { round, weightedMean, max } from './numbers.js';
import { createIntervalProbe, DEFAULT_INTERVAL_MS, textSource } from './sampler.js';
import type { Probe, ReadText } from './types.js';

/**
 * `/proc/stat` CPU time split, per CPU and for the whole host.
 *
 * Counters are in USER_HZ ticks (100 per second on Linux), so at the default 250 ms interval one
 * CPU contributes ~25 ticks per sample: a single CPU's percentages move in steps of ~4 %. The
 * host total (all CPUs) is proportionally finer. Means over a trial are exact regardless.
 */

/** The first eight `cpu` columns. `guest`/`guest_nice` are left out: they are already in user/nice. */
export const CPU_FIELDS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;
export type CpuField = (typeof CPU_FIELDS)[number];

export type CpuTicks = Record<CpuField, number>;

/** Share of the interval in each state, in percent; the eight fields sum to 100. */
export type CpuTimesPct = Record<CpuField, number> & {
  /** Work this machine did: user + nice + system + irq + softirq (not idle, iowait or steal). */
  busy: number;
};

/** `cpu` (the host total) and `cpu0`, `cpu1`, … → tick counters. */
export type ProcStat = Map<string, CpuTicks>;

/** Parses the `cpu*` lines of `/proc/stat`. Missing trailing columns (old kernels) count as 0. */
export function parseProcStat(text: string): ProcStat {
  const out: ProcStat = new Map();
  for (const line of text.split('\n')) {
    if (!line.startsWith('cpu')) {
      if (out.size > 0) break; // the cpu lines come first; skip the long intr/softirq lines
      continue;
    }
    const parts = line.trim().split(/\s+/);
    const name = parts[0];
    if (name === undefined || !/^cpu\d*$/.test(name)) continue;
    const ticks = {} as CpuTicks;
    CPU_FIELDS.forEach((field, i) => {
      const n = Number(parts[i + 1] ?? 0);
      ticks[field] = Number.isFinite(n) ? n : 0;
    });
    out.set(name, ticks);
  }
  return out;
}

/**
 * Percent of the interval spent in each state, from two readings of one CPU line. A counter that
 * went backwards (iowait can, on tickless kernels) counts as 0. Null when no tick elapsed.
 */
export function cpuTimesPct(prev: CpuTicks, cur: CpuTicks): CpuTimesPct | null {
  const delta = {} as CpuTicks;
  let total = 0;
  for (const field of CPU_FIELDS) {
    const d = Math.max(0, cur[field] - prev[field]);
    delta[field] = d;
    total += d;
  }
  if (total <= 0) return null;
  const pct = {} as CpuTimesPct;
  for (const field of CPU_FIELDS) pct[field] = round((delta[field] / total) * 100);
  pct.busy = round(((delta.user + delta.nice + delta.system + delta.irq + delta.softirq) / total) * 100);
  return pct;
}

export interface CpuStealSample {
  /** Measured interval length. */
  dtMs: number;
  /** The host as a whole (the `cpu` line). */
  total: CpuTimesPct;
  /** Keyed `cpu0`, `cpu1`, …; a CPU without ticks in the interval (offline) is left out. */
  perCpu: Record<string, CpuTimesPct>;
}

export interface CpuStealOptions {
  intervalMs?: number;
  /** Default `/proc/stat`. */
  path?: string;
  readText?: ReadText;
}

/**
 * Summary keys: `meanStealPct`, `maxStealPct` (host, worst interval), `maxCpuStealPct` (any one CPU,
 * worst interval), `meanBusyPct`, `meanIowaitPct`. Means are weighted by interval length.
 */
export function summarizeCpuSteal(samples: ReadonlyArray<CpuStealSample>): Record<string, number | null> {
  const weighted = (pick: (s: CpuStealSample) => number): number | null => {
    const m = weightedMean(samples.map((s) => ({ value: pick(s), weight: s.dtMs })));
    return m === null ? null : round(m);
  };
  const perCpuSteal = samples.flatMap((s) => Object.values(s.perCpu).map((c) => c.steal));
  return {
    meanStealPct: weighted((s) => s.total.steal),
    maxStealPct: max(samples.map((s) => s.total.steal)),
    maxCpuStealPct: max(perCpuSteal),
    meanBusyPct: weighted((s) => s.total.busy),
    meanIowaitPct: weighted((s) => s.total.iowait),
  };
}

export function diffProcStat(prev: ProcStat, cur: ProcStat, dtMs: number): CpuStealSample | null {
  const prevTotal = prev.get('cpu');
  const curTotal = cur.get('cpu');
  if (prevTotal === undefined || curTotal === undefined) return null;
  const total = cpuTimesPct(prevTotal, curTotal);
  if (total === null) return null;
  const perCpu: Record<string, CpuTimesPct> = {};
  for (const [name, ticks] of cur) {
    if (name === 'cpu') continue;
    const before = prev.get(name);
    const pct = before === undefined ? null : cpuTimesPct(before, ticks);
    if (pct !== null) perCpu[name] = pct;
  }
  return { dtMs: round(dtMs), total, perCpu };
}

/** Samples `/proc/stat`: steal, busy, iowait, … per CPU and for the host. Name `cpu-steal`. */
export function createCpuStealProbe(options: CpuStealOptions = {}): Probe<CpuStealSample> {
  const path = options.path ?? '/proc/stat';
  const source = textSource(options.readText, { shortReadIsEof: true });
  return createIntervalProbe<ProcStat, CpuStealSample>({
    name: 'cpu-steal',
    intervalMs: options.intervalMs ?? DEFAULT_INTERVAL_MS,
    read: async () => {
      const stat = parseProcStat(await source.read(path));
      if (!stat.has('cpu')) throw new Error(`${path} has no "cpu" line`);
      return stat;
    },
    diff: diffProcStat,
    close: source.close,
    summarize: summarizeCpuSteal,
  });
}
