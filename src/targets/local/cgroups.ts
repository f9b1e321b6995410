/**
 * Node cgroups, v1 or v2, whichever governs the cpu controller on this machine (the detection is
 * the probes' own, so the throttling probe and the node layer always agree on the hierarchy).
 */
import { readFile } from 'node:fs/promises';
import { cgroupLayoutFromMounts } from '../../probes/index.js';
// mountinfo's parser is not exported from probes/index.ts; the cpuset mount (v1) needs it.
import { parseMountInfo, type MountInfo } from '../../probes/mountinfo.js';
import type { RunContext } from '../../process/run-context.js';
import { EnvironmentError } from '../../errors.js';
import { realCgroupFs, type CgroupFs, type CgroupHierarchies, type NodeCgroup, type NodeCgroupOptions } from './cgroup-fs.js';
import { v1NodeCgroup } from './cgroup-v1.js';
import { v2NodeCgroup } from './cgroup-v2.js';

export type { CgroupFs, CgroupHierarchies, NodeCgroup, NodeCgroupOptions } from './cgroup-fs.js';

/** The hierarchies to make node cgroups in, from mountinfo; null when no cgroup fs is mounted. */
export function cgroupHierarchiesFromMounts(mounts: readonly MountInfo[]): CgroupHierarchies | null {
  const layout = cgroupLayoutFromMounts(mounts);
  if (layout === null) return null;
  if (layout.version === 'v2') return { version: 'v2', root: layout.cpuRoot };
  const cpusets = mounts.filter((m) => m.fsType === 'cgroup' && m.superOptions.includes('cpuset'));
  const cpuset = cpusets.find((m) => m.root === '/') ?? cpusets[0];
  return { version: 'v1', cpu: layout.cpuRoot, cpuacct: layout.cpuacctRoot, cpuset: cpuset?.mountPoint ?? null };
}

export async function detectCgroupHierarchies(): Promise<CgroupHierarchies | null> {
  return cgroupHierarchiesFromMounts(parseMountInfo(await readFile('/proc/self/mountinfo', 'utf8')));
}

export interface CreateNodeCgroupOptions extends NodeCgroupOptions {
  /** Skip detection (tests with a fixture tree). */
  readonly hierarchies?: CgroupHierarchies;
  readonly fs?: CgroupFs;
}

/**
 * Makes `meshtax/<runId>/<name>` (name may hold a `/`, e.g. `dedicated/server`) with the node's
 * CPUs and CFS quota. Its removal (kill leftovers, rmdir, empty parents) is registered with the
 * run before the first directory is made, and is idempotent, so a failure halfway leaves nothing.
 */
export async function createNodeCgroup(ctx: RunContext, name: string, opts: CreateNodeCgroupOptions = {}): Promise<NodeCgroup> {
  const h = opts.hierarchies ?? (await detectCgroupHierarchies());
  if (h === null) throw new EnvironmentError('no cgroup filesystem is mounted (checked /proc/self/mountinfo)');
  if (h.version === 'v1' && opts.cpus !== undefined && h.cpuset === null) {
    throw new EnvironmentError('the cpuset controller is not mounted (cgroup v1): node CPUs cannot be enforced with a cgroup');
  }
  const fs = opts.fs ?? realCgroupFs;
  const { cgroup, make } = h.version === 'v1' ? v1NodeCgroup(h, ctx.runId, name, opts, fs) : v2NodeCgroup(h, ctx.runId, name, opts, fs);
  ctx.defer(`remove cgroup ${cgroup.path}`, cgroup.remove);
  await make();
  return cgroup;
}
