/** The probes beside each trial: which ones, on what, at what pace. */
import { measureProbeOverhead, startProbes, stopProbes, type AnyProbeSeries, type ProcessSpec, type StartProbesOptions } from '../probes/index.js';
import type { Deployment } from '../targets/index.js';
import type { ProfileNodes } from '../targets/local/nodes.js';

export const PROBE_INTERVAL_MS = 250;

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
    // 250 ms keeps the fsync probe's own cost near 0.3% of a core (measured), the whole set under 1%.
    fdatasync: { dir: resultsDir, intervalMs: PROBE_INTERVAL_MS },
    processes,
  };
}

/** The probes' own CPU, measured alone for 2 s with the same set a trial uses: percent of one core. */
export async function probeOverheadPct(deployment: Deployment, nodes: ProfileNodes, resultsDir: string): Promise<number> {
  return (await measureProbeOverhead(probeOptions(deployment, nodes, resultsDir), 2000)).pctOfCore;
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
