/**
 * What this machine lets the local target do: root, network namespaces, cgroups (the same
 * mountinfo-based detection the node layer uses), the tools. One detection, for `doctor` and
 * anything else that asks before a run.
 */
import { detectCgroupHierarchies } from './cgroups.js';
import { parseCpuList } from './names.js';
import { netemAvailable } from './netns.js';
import { allowedCpuList, isRoot, runTool } from './system.js';

export interface Capability {
  readonly ok: boolean;
  readonly detail: string;
}

export interface LocalCapabilities {
  readonly root: Capability;
  readonly namespaces: Capability;
  readonly cgroups: Capability;
  /** Tried, not assumed: a netem qdisc on a throwaway namespace's loopback. */
  readonly netem: Capability;
  /** Whether the dedicated layout can keep the load agent off the client sidecar's CPU. */
  readonly cpus: Capability;
}

/** Client sidecar, load agent, server sidecar + app each on their own CPU. */
export const CPUS_FOR_SEPARATE_LOAD_AGENT = 3;

export async function detectLocalCapabilities(): Promise<LocalCapabilities> {
  const root = isRoot();
  return {
    root: { ok: root, detail: root ? 'yes: nodes can be namespaces with cgroups' : 'no: reduced fidelity (loopback, CPU pinning only)' },
    namespaces: await namespaces(root),
    cgroups: await cgroups(),
    netem: await netem(root),
    cpus: cpuLayout(parseCpuList(await allowedCpuList()).length),
  };
}

async function namespaces(root: boolean): Promise<Capability> {
  if (!root) return { ok: false, detail: 'needs root; runs use loopback with CPU pinning (reduced fidelity)' };
  const ok = await runTool('ip', ['netns', 'list']).then(() => true, () => false);
  return { ok, detail: ok ? 'ip netns available' : 'ip netns does not work here' };
}

async function cgroups(): Promise<Capability> {
  const found = await detectCgroupHierarchies().catch(() => null);
  if (found === null) return { ok: false, detail: 'no cgroup cpu controller found: node profiles cannot cap CPU' };
  if (found.version === 'v2') return { ok: true, detail: `v2 (unified) at ${found.root}` };
  return { ok: true, detail: `v1 (cpu at ${found.cpu}; cpuset ${found.cpuset ?? 'not mounted'})` };
}

async function netem(root: boolean): Promise<Capability> {
  if (!root) return { ok: false, detail: 'needs root: no link delay' };
  const tried = await netemAvailable();
  return tried.ok ? { ok: true, detail: 'a netem qdisc was added and removed on a throwaway namespace' } : { ok: false, detail: tried.reason };
}

function cpuLayout(cpus: number): Capability {
  if (cpus >= CPUS_FOR_SEPARATE_LOAD_AGENT) return { ok: true, detail: `${cpus} CPUs: the load agent, the client node and the server node can each have their own` };
  return {
    ok: false,
    detail:
      `${cpus} CPU${cpus === 1 ? '' : 's'}: the load agent shares a CPU with the client sidecar (the record says how much CPU it took); ` +
      `${CPUS_FOR_SEPARATE_LOAD_AGENT}+ CPUs keep them apart, and short trials on a busy machine are dropped more often`,
  };
}
