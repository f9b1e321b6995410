/** The probes beside each trial: which ones, on what, at what pace. */
import { startProbes, stopProbes, type AnyProbeSeries, type ReadText, type StartProbesOptions } from '../probes/index.js';
import type { ProbeWatch } from '../targets/index.js';

/**
 * 500 ms keeps the whole probe set (and the harness around it) under 1% of a core on these VMs;
 * at 250 ms it measured 1.0–1.1%. Per-trial means are exact either way; spikes shorter than an
 * interval are averaged.
 */
export const PROBE_INTERVAL_MS = 500;
const FDATASYNC_INTERVAL_MS = 250;

export interface TrialProbes {
  stop(): Promise<{ series: AnyProbeSeries[]; harnessCpuMs: number }>;
}

function probeOptions(watch: ProbeWatch, resultsDir: string): StartProbesOptions {
  return {
    intervalMs: PROBE_INTERVAL_MS,
    cpuSteal: true,
    cpuPressure: true,
    cgroups: watch.cgroups.map(({ cgroup, name, node }) => ({ cgroup, name, ...readerOf(watch, node) })),
    diskStats: true,
    // ~0.25% of a core at this pace (measured); samples are pooled over trials for the p99.
    fdatasync: { dir: resultsDir, intervalMs: FDATASYNC_INTERVAL_MS },
    processes: { processes: [...watch.processes], ...(watch.nodes ? { nodes: watch.nodes } : {}) },
  };
}

/** A cgroup on a node of the target is read through that node's reader. */
function readerOf(watch: ProbeWatch, node: string | undefined): { readText?: ReadText } {
  const files = node === undefined ? undefined : watch.nodes?.[node];
  if (node !== undefined && files === undefined) throw new Error(`the probes have no reader for node ${node}`);
  return files ? { readText: files.read } : {};
}

/** Starts the probes for one trial; the harness's own CPU over the trial is measured alongside. */
export function startTrialProbes(watch: ProbeWatch, resultsDir: string): TrialProbes {
  const cpuBefore = process.cpuUsage();
  const running = startProbes(probeOptions(watch, resultsDir));
  return {
    async stop() {
      const series = await stopProbes(running);
      const used = process.cpuUsage(cpuBefore);
      return { series, harnessCpuMs: (used.user + used.system) / 1000 };
    },
  };
}
