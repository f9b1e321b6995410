/**
 * What this machine lets the local target do: root, network namespaces, cgroups (the same
 * mountinfo-based detection the node layer uses), the tools. One detection, for `doctor` and
 * anything else that asks before a run.
 */
import { detectCgroupHierarchies } from './cgroups.js';
import { isRoot, runTool } from './system.js';

export interface Capability {
  readonly ok: boolean;
  readonly detail: string;
}

export interface LocalCapabilities {
  readonly root: Capability;
  readonly namespaces: Capability;
  readonly cgroups: Capability;
}

export async function detectLocalCapabilities(): Promise<LocalCapabilities> {
  const root = isRoot();
  return {
    root: { ok: root, detail: root ? 'yes: namespaces, cgroups and netem available' : 'no: reduced fidelity (loopback, CPU pinning only)' },
    namespaces: await namespaces(root),
    cgroups: await cgroups(),
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
