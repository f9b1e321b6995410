/** The probes beside each trial: which ones, on what, at what pace. */
import { startProbes, stopProbes, type AnyProbeSeries, type ProcessSpec, type StartProbesOptions } from '../probes/index.js';
import type { Deployment } from '../targets/index.js';
import type { ProfileNodes } from '../targets/local/nodes.js';

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

function probeOptions(deployment: Deployment, nodes: ProfileNodes, resultsDir: string): StartProbesOptions {
  const processes: ProcessSpec[] = deployment.processes.map((p) => ({ pid: p.pid, role: p.role, name: p.name.replaceAll(' ', '-') }));
  for (const [i, pid] of (nodes.neighbour?.pids ?? []).entries()) processes.push({ pid, role: 'neighbour', name: `neighbour-${i}` });
  const cgroups = (['client', 'server', 'neighbour'] as const).flatMap((node) => {
    const cgroup = nodes.cgroups[node];
    return cgroup ? [{ cgroup: cgroup.path, name: `cgroup-${node}` }] : [];
  });
  return {
    intervalMs: PROBE_INTERVAL_MS,
    cpuSteal: true,
    cpuPressure: true,
    cgroups,
    diskStats: true,
    // ~0.25% of a core at this pace (measured); samples are pooled over trials for the p99.
    fdatasync: { dir: resultsDir, intervalMs: FDATASYNC_INTERVAL_MS },
    processes,
  };
}

/** Starts the probes for one trial; the harness's own CPU over the trial is measured alongside. */
export function startTrialProbes(deployment: Deployment, nodes: ProfileNodes, resultsDir: string): TrialProbes {
  const cpuBefore = process.cpuUsage();
  const running = startProbes(probeOptions(deployment, nodes, resultsDir));
  return {
    async stop() {
      const series = await stopProbes(running);
      const used = process.cpuUsage(cpuBefore);
      return { series, harnessCpuMs: (used.user + used.system) / 1000 };
    },
  };
}
