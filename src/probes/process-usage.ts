import { max, round, weightedMean } from './numbers.js';
import { createIntervalProbe, DEFAULT_INTERVAL_MS, isGoneError, textSource } from './sampler.js';
import { LOCAL_READER_WHERE, type NodeFiles } from './node-reader.js';
import type { Probe, ReadText } from './types.js';

/**
 * CPU and memory of the processes under test (each Envoy, the app, the load generator).
 *
 * CPU comes from `/proc/<pid>/stat` utime + stime: the whole process (all threads, including
 * exited ones), in USER_HZ ticks. USER_HZ (`getconf CLK_TCK`) is 100 on every mainstream Linux
 * architecture regardless of the kernel's HZ, so that is the default; at 250 ms intervals one tick
 * is 40 millicores of resolution per sample (means over a trial are exact).
 * Memory is `VmRSS` from `/proc/<pid>/status`, reported in MiB (2^20 bytes).
 *
 * A process that exits (or becomes a zombie, or whose pid is taken by a new process — detected by
 * its start time changing) is recorded as gone from that reading on, never an exception.
 * Children of a process are not included: give each process you care about its own entry.
 */

/** Known roles; any other string is allowed too. */
export type ProcessRole = 'envoy-client' | 'envoy-server' | 'app' | 'load' | 'neighbor' | (string & {});

export interface ProcessSpec {
  pid: number;
  role: ProcessRole;
  /** Unique within one probe; the key in samples and summary, e.g. `envoy-client`, `app-v2`. */
  name: string;
  /** The node whose /proc holds the pid (a key of `ProcessUsageOptions.nodes`); absent: this host's. */
  node?: string;
}

export interface ProcPidStat {
  comm: string;
  /** R, S, D, Z, X, … */
  state: string;
  utimeTicks: number;
  stimeTicks: number;
  /** Start time after boot, ticks: with the pid it identifies a process uniquely. */
  startTimeTicks: number;
}

/**
 * Parses `/proc/<pid>/stat`. The command name is in parentheses and may itself contain spaces and
 * parentheses, so fields are counted from the last `)`.
 */
export function parseProcPidStat(text: string): ProcPidStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error('not a /proc/<pid>/stat line');
  // after ")" : field 3 (state) is index 0, so field n is index n - 3
  const rest = text.slice(close + 2).trim().split(/\s+/);
  const field = (n: number): number => {
    const v = Number(rest[n - 3]);
    if (!Number.isFinite(v)) throw new Error(`/proc/<pid>/stat field ${n} is not a number`);
    return v;
  };
  return {
    comm: text.slice(open + 1, close),
    state: rest[0] ?? '?',
    utimeTicks: field(14),
    stimeTicks: field(15),
    startTimeTicks: field(22),
  };
}

/** `VmRSS:    12345 kB` from `/proc/<pid>/status`; null for kernel threads (no such line). */
export function parseVmRssKiB(statusText: string): number | null {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(statusText);
  return m?.[1] === undefined ? null : Number(m[1]);
}

type PidReading =
  | { alive: true; cpuTicks: number; rssKiB: number | null }
  | { alive: false };

export interface ProcessIntervalUsage {
  /** CPU used over the interval, millicores (1000 = one core busy); null once gone. */
  millicores: number | null;
  /** RSS at the end of the interval, MiB; null once gone or for kernel threads. */
  rssMiB: number | null;
  gone: boolean;
}

export interface ProcessUsageSample {
  dtMs: number;
  /** Keyed by `ProcessSpec.name`. */
  processes: Record<string, ProcessIntervalUsage>;
}

export interface ProcessUsageOptions {
  processes: readonly ProcessSpec[];
  intervalMs?: number;
  /** USER_HZ; default 100 (see the file comment). */
  clockTicksPerSec?: number;
  readText?: ReadText;
  /** Node name → where its /proc is read, for the specs that name a `node`. */
  nodes?: Readonly<Record<string, NodeFiles>>;
}

/**
 * Summary keys per process: `<name>.meanMillicores` (over the time it was alive), `<name>.maxRssMiB`,
 * `<name>.cpuSeconds` (CPU used during the series, not since process start), `<name>.goneAtMs`
 * (Date.now() of the reading that found it gone; null if it lived). Per role (summed over that
 * role's processes): `role:<role>.meanMillicores`, `role:<role>.cpuSeconds`, `role:<role>.maxRssMiB`
 * (the largest combined RSS in any one sample).
 */
export function summarizeProcessUsage(
  specs: readonly ProcessSpec[],
  samples: ReadonlyArray<ProcessUsageSample>,
  goneAtMs: ReadonlyMap<string, number>,
): Record<string, number | null> {
  const summary: Record<string, number | null> = {};
  const perName = new Map<string, { meanMillicores: number | null; cpuSeconds: number | null }>();
  for (const { name } of specs) {
    const alive = samples.flatMap((s) => {
      const u = s.processes[name];
      return u?.millicores === null || u?.millicores === undefined ? [] : [{ value: u.millicores, weight: s.dtMs }];
    });
    const meanMillicores = weightedMean(alive);
    const cpuSeconds = alive.length === 0 ? null : alive.reduce((acc, a) => acc + (a.value / 1000) * (a.weight / 1000), 0);
    const rss = samples.flatMap((s) => {
      const r = s.processes[name]?.rssMiB;
      return r === null || r === undefined ? [] : [r];
    });
    perName.set(name, { meanMillicores, cpuSeconds });
    summary[`${name}.meanMillicores`] = meanMillicores === null ? null : round(meanMillicores);
    summary[`${name}.maxRssMiB`] = max(rss);
    summary[`${name}.cpuSeconds`] = cpuSeconds === null ? null : round(cpuSeconds);
    summary[`${name}.goneAtMs`] = goneAtMs.get(name) ?? null;
  }
  const roles = [...new Set(specs.map((s) => s.role))];
  for (const role of roles) {
    const members = specs.filter((s) => s.role === role).map((s) => s.name);
    const sumOf = (pick: 'meanMillicores' | 'cpuSeconds'): number | null => {
      const values = members.map((m) => perName.get(m)?.[pick] ?? null).filter((v): v is number => v !== null);
      return values.length === 0 ? null : round(values.reduce((a, b) => a + b, 0));
    };
    const combinedRss = samples.flatMap((s) => {
      const values = members.map((m) => s.processes[m]?.rssMiB ?? null).filter((v): v is number => v !== null);
      return values.length === 0 ? [] : [round(values.reduce((a, b) => a + b, 0))];
    });
    summary[`role:${role}.meanMillicores`] = sumOf('meanMillicores');
    summary[`role:${role}.cpuSeconds`] = sumOf('cpuSeconds');
    summary[`role:${role}.maxRssMiB`] = max(combinedRss);
  }
  return summary;
}

/** Samples CPU and RSS of the given processes. Name `process-usage`. */
export function createProcessUsageProbe(options: ProcessUsageOptions): Probe<ProcessUsageSample> {
  const specs = [...options.processes];
  const seen = new Set<string>();
  for (const s of specs) {
    if (seen.has(s.name)) throw new Error(`process-usage: two processes are named "${s.name}"; names must be unique`);
    if (!Number.isInteger(s.pid) || s.pid <= 0) throw new Error(`process-usage: "${s.name}" has no valid pid (${s.pid})`);
    seen.add(s.name);
  }
  const hz = options.clockTicksPerSec ?? 100;
  const source = textSource(options.readText, { shortReadIsEof: true });
  const startTimes = new Map<string, number>();
  const goneAtMs = new Map<string, number>();
  const filesOf = (spec: ProcessSpec): NodeFiles => {
    if (spec.node === undefined) return { where: LOCAL_READER_WHERE, read: source.read };
    const files = options.nodes?.[spec.node];
    if (files === undefined) throw new Error(`process-usage: "${spec.name}" is on node ${spec.node}, which has no reader`);
    return files;
  };
  for (const spec of specs) filesOf(spec);

  async function readOne(spec: ProcessSpec): Promise<PidReading> {
    if (goneAtMs.has(spec.name)) return { alive: false };
    try {
      const { read } = filesOf(spec);
      const [statText, statusText] = await Promise.all([read(`/proc/${spec.pid}/stat`), read(`/proc/${spec.pid}/status`)]);
      const stat = parseProcPidStat(statText);
      const firstStart = startTimes.get(spec.name);
      const reused = firstStart !== undefined && firstStart !== stat.startTimeTicks;
      if (!reused && stat.state !== 'Z' && stat.state !== 'X') {
        startTimes.set(spec.name, stat.startTimeTicks);
        return { alive: true, cpuTicks: stat.utimeTicks + stat.stimeTicks, rssKiB: parseVmRssKiB(statusText) };
      }
    } catch (err) {
      if (!isGoneError(err)) throw err;
    }
    goneAtMs.set(spec.name, Date.now());
    return { alive: false };
  }

  return createIntervalProbe<Map<string, PidReading>, ProcessUsageSample>({
    name: 'process-usage',
    intervalMs: options.intervalMs ?? DEFAULT_INTERVAL_MS,
    read: async () => {
      const readings = await Promise.all(specs.map(readOne));
      return new Map(specs.map((s, i) => [s.name, readings[i] ?? { alive: false }]));
    },
    diff: (prev, cur, dtMs) => {
      const processes: Record<string, ProcessIntervalUsage> = {};
      for (const { name } of specs) {
        const a = prev.get(name);
        const b = cur.get(name);
        if (b?.alive !== true) {
          processes[name] = { millicores: null, rssMiB: null, gone: true };
          continue;
        }
        const millicores = a?.alive === true ? round((Math.max(0, b.cpuTicks - a.cpuTicks) / hz / (dtMs / 1000)) * 1000) : null;
        processes[name] = { millicores, rssMiB: b.rssKiB === null ? null : round(b.rssKiB / 1024), gone: false };
      }
      return { dtMs: round(dtMs), processes };
    },
    close: source.close,
    summarize: (samples) => summarizeProcessUsage(specs, samples, goneAtMs),
    labels: () =>
      Object.fromEntries(
        specs.flatMap((s) => [[`${s.name}.pid`, String(s.pid)], [`${s.name}.role`, s.role], ...(s.node === undefined ? [] : [[`${s.name}.readVia`, filesOf(s).where]])]),
      ),
  });
}
