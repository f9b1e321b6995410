/**
 * The host pids of a pod's containers, for the per-process probes. Only possible when the harness
 * runs on the pod's node (the local single-node cluster): a container's processes sit in a cgroup
 * named after its container id. Elsewhere nothing is found and the record says the sidecars' CPU
 * was not probed.
 */
import { readdir, readFile } from 'node:fs/promises';

/** The container's first process (its pid 1 in the container), by container id; undefined when not on this host. */
export async function containerPids(containerIds: readonly string[]): Promise<Map<string, number>> {
  const wanted = containerIds.filter((id) => id.length >= 12);
  const found = new Map<string, number>();
  if (wanted.length === 0) return found;
  const pids = (await readdir('/proc')).filter((e) => /^\d+$/.test(e)).map(Number).sort((a, b) => a - b);
  for (const pid of pids) {
    const cgroups = await readFile(`/proc/${pid}/cgroup`, 'utf8').catch(() => '');
    const id = wanted.find((w) => !found.has(w) && cgroupNamesContainer(cgroups, w));
    if (id !== undefined) found.set(id, pid);
    if (found.size === wanted.length) break;
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
export async function podCpuCgroup(pid: number): Promise<string | undefined> {
  const text = await readFile(`/proc/${pid}/cgroup`, 'utf8').catch(() => '');
  return podCgroupOf(text);
}

export function podCgroupOf(procCgroup: string): string | undefined {
  const lines = procCgroup.split('\n').map((l) => l.split(':'));
  const line = lines.find(([, controllers]) => controllers?.split(',').includes('cpu')) ?? lines.find(([id, controllers]) => id === '0' && controllers === '');
  const cgroup = line?.slice(2).join(':');
  if (!cgroup) return undefined;
  const parent = cgroup.slice(0, cgroup.lastIndexOf('/'));
  return /\/pod[0-9a-f_-]+$/.test(parent) ? parent : undefined;
}
