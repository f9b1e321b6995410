import { max, round, weightedMean } from './numbers.js';
import { createIntervalProbe, DEFAULT_INTERVAL_MS, textSource } from './sampler.js';
import type { Probe, ReadText } from './types.js';

/**
 * CPU pressure stall information (PSI): the share of wall time in which at least one runnable task
 * waited for a CPU (`some`), and in which all non-idle tasks did (`full`; always 0 for cpu at host
 * level, meaningful in a cgroup's `cpu.pressure`). `/proc/pressure/cpu` is absent on kernels
 * before 4.20 or without CONFIG_PSI, and present-but-unreadable (EOPNOTSUPP) when booted with
 * `psi=0`; either way the probe reports `available: false` and null summaries.
 */

export interface PressureLine {
  avg10: number;
  avg60: number;
  avg300: number;
  /** Cumulative stall time, microseconds. */
  totalUs: number;
}

export interface Pressure {
  some: PressureLine;
  /** Absent on kernels before 5.13 for cpu. */
  full: PressureLine | null;
}

/** Parses `some avg10=0.53 avg60=1.29 avg300=1.03 total=5234824` (and the `full` line). */
export function parsePressure(text: string): Pressure {
  let some: PressureLine | null = null;
  let full: PressureLine | null = null;
  for (const line of text.split('\n')) {
    const [kind, ...pairs] = line.trim().split(/\s+/);
    if (kind !== 'some' && kind !== 'full') continue;
    const values = new Map<string, number>();
    for (const pair of pairs) {
      const eq = pair.indexOf('=');
      if (eq > 0) values.set(pair.slice(0, eq), Number(pair.slice(eq + 1)));
    }
    const get = (key: string): number => {
      const v = values.get(key);
      if (v === undefined || !Number.isFinite(v)) throw new Error(`pressure line "${line}" has no valid ${key}=`);
      return v;
    };
    const parsed = { avg10: get('avg10'), avg60: get('avg60'), avg300: get('avg300'), totalUs: get('total') };
    if (kind === 'some') some = parsed;
    else full = parsed;
  }
  if (some === null) throw new Error('pressure text has no "some" line');
  return { some, full };
}

export interface CpuPressureSample {
  dtMs: number;
  /** The kernel's own 10 s running average of `some`, percent, as read at the end of the interval. */
  someAvg10: number;
  /** Δ`some total` / Δwall over this interval, percent (0..100). */
  stallPct: number;
  /** Same for `full`; null when the kernel has no `full` line. */
  fullStallPct: number | null;
}

/** Stall percent over an interval from two cumulative totals (µs); clamped to 0..100. */
export function stallPct(prevTotalUs: number, curTotalUs: number, dtMs: number): number {
  if (dtMs <= 0) return 0;
  const pct = ((curTotalUs - prevTotalUs) / (dtMs * 1000)) * 100;
  return round(Math.min(100, Math.max(0, pct)));
}

export function diffPressure(prev: Pressure, cur: Pressure, dtMs: number): CpuPressureSample {
  return {
    dtMs: round(dtMs),
    someAvg10: cur.some.avg10,
    stallPct: stallPct(prev.some.totalUs, cur.some.totalUs, dtMs),
    fullStallPct:
      prev.full !== null && cur.full !== null ? stallPct(prev.full.totalUs, cur.full.totalUs, dtMs) : null,
  };
}

/** Summary keys: `meanStallPct`, `maxStallPct`, `maxSomeAvg10`, `meanFullStallPct`. */
export function summarizeCpuPressure(samples: ReadonlyArray<CpuPressureSample>): Record<string, number | null> {
  const meanStall = weightedMean(samples.map((s) => ({ value: s.stallPct, weight: s.dtMs })));
  const withFull = samples.filter((s) => s.fullStallPct !== null);
  const meanFull = weightedMean(withFull.map((s) => ({ value: s.fullStallPct ?? 0, weight: s.dtMs })));
  return {
    meanStallPct: meanStall === null ? null : round(meanStall),
    maxStallPct: max(samples.map((s) => s.stallPct)),
    maxSomeAvg10: max(samples.map((s) => s.someAvg10)),
    meanFullStallPct: meanFull === null ? null : round(meanFull),
  };
}

export interface CpuPressureOptions {
  intervalMs?: number;
  /** Default `/proc/pressure/cpu`; a cgroup v2 `<cgroup>/cpu.pressure` works the same. */
  path?: string;
  /** Default `cpu-pressure`. */
  name?: string;
  readText?: ReadText;
}

/** Samples CPU PSI. Name `cpu-pressure` unless given. */
export function createCpuPressureProbe(options: CpuPressureOptions = {}): Probe<CpuPressureSample> {
  const path = options.path ?? '/proc/pressure/cpu';
  const source = textSource(options.readText, { shortReadIsEof: true });
  return createIntervalProbe<Pressure, CpuPressureSample>({
    name: options.name ?? 'cpu-pressure',
    intervalMs: options.intervalMs ?? DEFAULT_INTERVAL_MS,
    read: async () => parsePressure(await source.read(path)),
    diff: diffPressure,
    close: source.close,
    summarize: summarizeCpuPressure,
  });
}
