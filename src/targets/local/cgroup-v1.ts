/**
 * A node cgroup on cgroup v1: the same relative path in each controller's own hierarchy.
 *
 * - cpuset: a new cpuset cgroup starts with empty `cpuset.cpus` and `cpuset.mems`, and a task
 *   cannot join it until both are set; a child may only take CPUs its parent has. So every level we
 *   create (`meshtax`, the run, the profile) copies its parent's CPUs and memory nodes, and the leaf
 *   gets the node's CPUs.
 * - cpu: `cpu.cfs_period_us` then `cpu.cfs_quota_us` (the quota must fit the period's unit);
 *   `cpu.stat` here is what the throttling probe reads.
 * - cpuacct (when mounted apart from cpu): the same directory, so the probe can read usage.
 */
import { join } from 'node:path/posix';
import {
  CFS_PERIOD_US,
  cgroupLevels,
  joinCgroup,
  makeChain,
  parentDirs,
  quotaUs,
  readPids,
  realCgroupFs,
  removeCgroup,
  type CgroupFs,
  type CgroupHierarchies,
  type NodeCgroup,
  type NodeCgroupOptions,
} from './cgroup-fs.js';

type V1 = Extract<CgroupHierarchies, { version: 'v1' }>;

/**
 * The handle of a v1 node cgroup, before anything is made: paths are known up front, so the
 * caller can register `remove()` (idempotent) before `make()` starts writing.
 */
export function v1NodeCgroup(
  h: V1,
  runId: string,
  name: string,
  opts: NodeCgroupOptions,
  fs: CgroupFs = realCgroupFs,
): { cgroup: NodeCgroup; make(): Promise<void> } {
  const levels = cgroupLevels(runId, name);
  const rel = levels.join('/');
  const roots = [...new Set([h.cpu, h.cpuacct, h.cpuset].filter((r): r is string => r !== null))];
  const dirs = roots.map((root) => join(root, rel));
  const procsFiles = dirs.map((dir) => join(dir, 'cgroup.procs'));

  const cgroup: NodeCgroup = {
    version: 'v1',
    path: `/${rel}`,
    cpuStatPath: join(h.cpu, rel, 'cpu.stat'),
    dirs,
    procsFiles,
    cpus: opts.cpus,
    quotaPct: opts.quotaPct,
    join: (pid) => joinCgroup(fs, procsFiles, pid),
    pids: () => readPids(fs, procsFiles),
    remove: () =>
      removeCgroup(fs, dirs, procsFiles, (leaf) => {
        const root = roots.find((r) => leaf === join(r, rel));
        return root === undefined ? [] : parentDirs(root, levels);
      }),
  };

  const make = async (): Promise<void> => {
    for (const root of roots) {
      await makeChain(fs, root, levels, async (dir, created, isLeaf) => {
        if (root === h.cpuset) await configureCpuset(fs, dir, created, isLeaf ? opts.cpus : undefined);
        if (root === h.cpu && isLeaf && opts.quotaPct !== undefined) {
          await fs.writeFile(join(dir, 'cpu.cfs_period_us'), `${CFS_PERIOD_US}\n`);
          await fs.writeFile(join(dir, 'cpu.cfs_quota_us'), `${quotaUs(opts.quotaPct)}\n`);
        }
      });
    }
  };
  return { cgroup, make };
}

/** Copies the parent's CPUs and memory nodes (or sets `cpus`) when the level is new or still empty. */
async function configureCpuset(fs: CgroupFs, dir: string, created: boolean, cpus: string | undefined): Promise<void> {
  const parent = join(dir, '..');
  const read = async (file: string): Promise<string> => (await fs.readFile(file).catch(() => '')).trim();
  if (!created && cpus === undefined && (await read(join(dir, 'cpuset.cpus'))) !== '' && (await read(join(dir, 'cpuset.mems'))) !== '') return;
  const parentCpus = await read(join(parent, 'cpuset.cpus'));
  const parentMems = await read(join(parent, 'cpuset.mems'));
  try {
    await fs.writeFile(join(dir, 'cpuset.cpus'), `${cpus ?? parentCpus}\n`);
  } catch (error) {
    throw new Error(`cannot give cgroup ${dir} CPUs "${cpus ?? parentCpus}" (its parent has "${parentCpus}"): ${(error as Error).message}`);
  }
  await fs.writeFile(join(dir, 'cpuset.mems'), `${parentMems}\n`);
}
