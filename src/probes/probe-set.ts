import { createCgroupThrottlingProbe, type CgroupThrottlingOptions, type CgroupThrottlingSample } from './cgroup-throttling.js';
import { createCpuPressureProbe, type CpuPressureOptions, type CpuPressureSample } from './cpu-pressure.js';
import { createCpuStealProbe, type CpuStealOptions, type CpuStealSample } from './cpu-steal.js';
import { createDiskStatsProbe, type DiskStatsOptions, type DiskStatsSample } from './disk-stats.js';
import { createFdatasyncProbe, type FdatasyncOptions, type FdatasyncSample } from './fdatasync.js';
import { round } from './numbers.js';
import { createProcessUsageProbe, type ProcessSpec, type ProcessUsageOptions, type ProcessUsageSample } from './process-usage.js';
import { errorMessage } from './sampler.js';
import type { Probe, ProbeSeries } from './types.js';

/** Any series this folder produces. */
export type AnyProbeSeries =
  | ProbeSeries<CpuStealSample>
  | ProbeSeries<CpuPressureSample>
  | ProbeSeries<CgroupThrottlingSample>
  | ProbeSeries<DiskStatsSample>
  | ProbeSeries<FdatasyncSample>
  | ProbeSeries<ProcessUsageSample>;

type AnyProbe =
  | Probe<CpuStealSample>
  | Probe<CpuPressureSample>
  | Probe<CgroupThrottlingSample>
  | Probe<DiskStatsSample>
  | Probe<FdatasyncSample>
  | Probe<ProcessUsageSample>;

/**
 * Which probes to run for one trial. `true` runs a probe with defaults; an options object tunes it;
 * absent/false leaves it out. `intervalMs` applies to every interval probe that sets none itself
 * (the fdatasync probe keeps its own pace).
 */
export interface StartProbesOptions {
  intervalMs?: number;
  cpuSteal?: boolean | CpuStealOptions;
  cpuPressure?: boolean | CpuPressureOptions;
  /** One probe per cgroup, e.g. one per node; give each a `name` when paths are long. */
  cgroups?: readonly CgroupThrottlingOptions[];
  diskStats?: boolean | DiskStatsOptions;
  fdatasync?: FdatasyncOptions;
  processes?: readonly ProcessSpec[] | ProcessUsageOptions;
  /** Aborting halts sampling; `stopProbes` still returns what was collected. */
  signal?: AbortSignal;
}

/** Handle of a started probe set; pass it to `stopProbes`. */
export interface RunningProbes {
  readonly names: readonly string[];
  /** Date.now() at start. */
  readonly startedAtMs: number;
  readonly probes: readonly AnyProbe[];
}

const pick = <T extends object>(value: boolean | T | undefined): T | null =>
  value === undefined || value === false ? null : value === true ? ({} as T) : value;

/** Builds the chosen probes without starting them. Throws on bad options (before anything runs). */
export function createProbes(options: StartProbesOptions): AnyProbe[] {
  const withInterval = <T extends { intervalMs?: number }>(o: T): T =>
    o.intervalMs === undefined && options.intervalMs !== undefined ? { ...o, intervalMs: options.intervalMs } : o;
  const probes: AnyProbe[] = [];
  const steal = pick<CpuStealOptions>(options.cpuSteal);
  if (steal !== null) probes.push(createCpuStealProbe(withInterval(steal)));
  const pressure = pick<CpuPressureOptions>(options.cpuPressure);
  if (pressure !== null) probes.push(createCpuPressureProbe(withInterval(pressure)));
  for (const cgroup of options.cgroups ?? []) probes.push(createCgroupThrottlingProbe(withInterval(cgroup)));
  const disks = pick<DiskStatsOptions>(options.diskStats);
  if (disks !== null) probes.push(createDiskStatsProbe(withInterval(disks)));
  if (options.fdatasync !== undefined) probes.push(createFdatasyncProbe(options.fdatasync));
  if (options.processes !== undefined) {
    const p: ProcessUsageOptions = 'processes' in options.processes ? options.processes : { processes: options.processes };
    if (p.processes.length > 0) probes.push(createProcessUsageProbe(withInterval(p)));
  }
  const names = new Set<string>();
  for (const probe of probes) {
    if (names.has(probe.name)) throw new Error(`two probes are named "${probe.name}"; give each cgroup probe its own name`);
    names.add(probe.name);
  }
  return probes;
}

/** Starts the chosen probes together, so their sample clocks line up. */
export function startProbes(options: StartProbesOptions): RunningProbes {
  const probes = createProbes(options);
  const startedAtMs = Date.now();
  for (const probe of probes) probe.start(options.signal);
  return { names: probes.map((p) => p.name), startedAtMs, probes };
}

/** Stops every probe of the set; a probe whose stop fails yields an unavailable series, not a throw. */
export async function stopProbes(running: RunningProbes): Promise<AnyProbeSeries[]> {
  const settled = await Promise.allSettled(running.probes.map((p) => p.stop() as Promise<AnyProbeSeries>));
  return settled.map((s, i) =>
    s.status === 'fulfilled'
      ? s.value
      : {
          name: running.names[i] ?? 'unknown',
          intervalMs: 0,
          samples: [],
          summary: {},
          available: false,
          note: `stop failed: ${errorMessage(s.reason)}`,
        },
  );
}

export interface ProbeOverhead {
  /** Wall time the probes ran. */
  durationMs: number;
  /** CPU this process used meanwhile (user + system, all threads incl. libuv's pool), ms. */
  cpuMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  /** cpuMs / durationMs · 100: percent of one core. The target is < 1 % at 250 ms intervals. */
  pctOfCore: number;
  /** Samples the probes collected, to confirm they ran. */
  samples: number;
  series: AnyProbeSeries[];
}

/**
 * Runs the given probe set alone for `durationMs` and reports this process's CPU over that time
 * (`process.cpuUsage` delta). Call it when nothing else runs in this process — before the first
 * trial, say — since cpuUsage counts the whole process; record the result with the run.
 */
export async function measureProbeOverhead(options: StartProbesOptions, durationMs = 2000): Promise<ProbeOverhead> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const running = startProbes(options);
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  const series = await stopProbes(running);
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return {
    durationMs: round(wallMs),
    cpuMs: round(cpuMs),
    cpuUserMs: round(cpu.user / 1000),
    cpuSystemMs: round(cpu.system / 1000),
    pctOfCore: round((cpuMs / wallMs) * 100),
    samples: series.reduce((n, s) => n + s.samples.length, 0),
    series,
  };
}
