/**
 * A node cgroup on cgroup v2 (one unified tree).
 *
 * A controller's files exist in a cgroup only when its parent lists the controller in
 * `cgroup.subtree_control`, and a parent can list only what its own `cgroup.controllers` offers.
 * So: check the root offers `cpu` (and `cpuset` when CPUs are given), enable them in the root's
 * subtree_control, then in `meshtax/`, the run's and the profile's directories on the way down
 * (those hold no processes, as v2's "no internal processes" rule wants), and finally write the
 * leaf's `cpuset.cpus` and `cpu.max` ("<quota> <period>" or "max <period>").
 *
 * Enabling `cpu` at the root is left in place after the run: it is system-wide, harmless, and
 * other tools may rely on it.
 */
import { join } from 'node:path/posix';
import { EnvironmentError } from '../../errors.js';
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

type V2 = Extract<CgroupHierarchies, { version: 'v2' }>;

const words = (text: string): string[] => text.split(/\s+/).filter(Boolean);

/** Enables `controllers` in `dir`'s subtree_control, writing only the missing ones, in one write. */
export async function enableControllers(fs: CgroupFs, dir: string, controllers: readonly string[]): Promise<void> {
  const file = join(dir, 'cgroup.subtree_control');
  const enabled = words(await fs.readFile(file).catch(() => ''));
  const missing = controllers.filter((c) => !enabled.includes(c));
  if (missing.length === 0) return;
  try {
    await fs.writeFile(file, missing.map((c) => `+${c}`).join(' '));
  } catch (error) {
    const busy = (error as NodeJS.ErrnoException).code === 'EBUSY';
    throw new EnvironmentError(
      `cannot enable ${missing.join(', ')} in ${file}: ${(error as Error).message}`,
      busy
        ? 'That cgroup holds processes itself (v2 allows controllers only below cgroups without processes): run meshtax on the host, or in a container with a delegated cgroup subtree.'
        : 'Run as root on a host (or container) where this cgroup subtree is delegated to you.',
    );
  }
}

export function v2NodeCgroup(
  h: V2,
  runId: string,
  name: string,
  opts: NodeCgroupOptions,
  fs: CgroupFs = realCgroupFs,
): { cgroup: NodeCgroup; make(): Promise<void> } {
  const levels = cgroupLevels(runId, name);
  const rel = levels.join('/');
  const dir = join(h.root, rel);
  const procsFiles = [join(dir, 'cgroup.procs')];
  const controllers = opts.cpus !== undefined ? ['cpu', 'cpuset'] : ['cpu'];

  const cgroup: NodeCgroup = {
    version: 'v2',
    path: `/${rel}`,
    cpuStatPath: join(dir, 'cpu.stat'),
    dirs: [dir],
    procsFiles,
    cpus: opts.cpus,
    quotaPct: opts.quotaPct,
    join: (pid) => joinCgroup(fs, procsFiles, pid),
    pids: () => readPids(fs, procsFiles),
    remove: () => removeCgroup(fs, [dir], procsFiles, () => parentDirs(h.root, levels)),
  };

  const make = async (): Promise<void> => {
    const offered = words(await fs.readFile(join(h.root, 'cgroup.controllers')).catch(() => ''));
    const absent = controllers.filter((c) => !offered.includes(c));
    if (absent.length > 0) {
      throw new EnvironmentError(
        `cgroup v2 at ${h.root} does not offer the ${absent.join(' and ')} controller${absent.length > 1 ? 's' : ''} (cgroup.controllers: "${offered.join(' ')}")`,
        'Enable them for this subtree (systemd: Delegate=yes on the unit, or run as root on the host).',
      );
    }
    await enableControllers(fs, h.root, controllers);
    await makeChain(fs, h.root, levels, async (levelDir, _created, isLeaf) => {
      if (!isLeaf) {
        await enableControllers(fs, levelDir, controllers);
        return;
      }
      if (opts.cpus !== undefined) {
        try {
          await fs.writeFile(join(levelDir, 'cpuset.cpus'), `${opts.cpus}\n`);
        } catch (error) {
          throw new Error(`cannot give cgroup ${levelDir} CPUs "${opts.cpus}": ${(error as Error).message}`);
        }
      }
      const quota = opts.quotaPct === undefined ? 'max' : `${quotaUs(opts.quotaPct)}`;
      await fs.writeFile(join(levelDir, 'cpu.max'), `${quota} ${CFS_PERIOD_US}\n`);
    });
  };
  return { cgroup, make };
}
