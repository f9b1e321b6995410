/**
 * The host pids of a pod's containers, for the per-process probes, read from the pod's node: this
 * host's /proc when the harness runs on that node (the local single-node cluster), else the node's
 * /proc through its probe pod (probe-pods.ts). A container's processes sit in a cgroup named after
 * its container id.
 */
import type { NodeReader } from '../../probes/index.js';

/** Pids read at once over a remote reader (each read is a round trip). */
const READS_IN_FLIGHT = 32;

/** The container's first process (its pid 1 in the container), by container id; absent when not on the reader's node. */
export async function containerPids(containerIds: readonly string[], node: NodeReader): Promise<Map<string, number>> {
  const wanted = containerIds.filter((id) => id.length >= 12);
  const found = new Map<string, number>();
  if (wanted.length === 0) return found;
  const pids = (await node.list('/proc')).filter((e) => /^\d+$/.test(e)).map(Number).sort((a, b) => a - b);
  for (let i = 0; i < pids.length && found.size < wanted.length; i += READS_IN_FLIGHT) {
    const batch = pids.slice(i, i + READS_IN_FLIGHT);
    const texts = await Promise.all(batch.map((pid) => node.read(`/proc/${pid}/cgroup`).catch(() => '')));
    batch.forEach((pid, k) => {
      const id = wanted.find((w) => !found.has(w) && cgroupNamesContainer(texts[k] ?? '', w));
      if (id !== undefined) found.set(id, pid);
    });
  }
  return found;
}

/** True when a line of /proc/<pid>/cgroup ends in the container's id (cgroupfs `…/pod<uid>/<id>`, systemd `cri-containerd-<id>.scope`). */
export function cgroupNamesContainer(procCgroup: string, containerId: string): boolean {
  return procCgroup.split('\n').some((line) => line.endsWith(`/${containerId}`) || line.endsWith(`-${containerId}.scope`));
}

/**
 * The pod's CPU cgroup (relative to the hierarchy's root) from one of its containers' processes:
 * the parent of the container's cgroup (`…/pod<uid>/<id>` → `…/pod<uid>`), where the kubelet
 * puts a pod-level CPU limit. Undefined when the process is gone or the layout is not cgroupfs.
 */
export async function podCpuCgroup(pid: number, node: NodeReader): Promise<string | undefined> {
  const text = await node.read(`/proc/${pid}/cgroup`).catch(() => '');
  return podCgroupOf(text);
}

/**
 * A path seen from inside a private cgroup namespace starts with `/..` (relative to the reader's
 * own cgroup): not a path on the node's hierarchy, so no pod cgroup is claimed from it.
 */
export function podCgroupOf(procCgroup: string): string | undefined {
  const lines = procCgroup.split('\n').map((l) => l.split(':'));
  const line = lines.find(([, controllers]) => controllers?.split(',').includes('cpu')) ?? lines.find(([id, controllers]) => id === '0' && controllers === '');
  const cgroup = line?.slice(2).join(':');
  if (!cgroup || cgroup.startsWith('/..')) return undefined;
  const parent = cgroup.slice(0, cgroup.lastIndexOf('/'));
  return /\/pod[0-9a-f_-]+$/.test(parent) ? parent : undefined;
}
