/**
 * What the v1 and v2 cgroup code share: the node cgroup handle, the file operations (replaceable
 * so the file-writing logic can be tested on a temp dir that mimics a cgroup tree), creating a
 * chain of directories, and removal that kills leftover tasks first.
 */
import { mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path/posix';
import type { CgroupVersion } from '../../probes/index.js';
import { CGROUP_PARENT } from './names.js';
import { killAndWait, sleep } from './system.js';

export type { CgroupVersion };

/** The hierarchies a node cgroup is made in: v1 one mount per controller, v2 the unified root. */
export type CgroupHierarchies =
  | {
      readonly version: 'v1';
      /** Mount of the `cpu` controller (CFS quota, cpu.stat). */
      readonly cpu: string;
      /** Mount of `cpuacct` (usage for the throttling probe); null when not mounted; may equal `cpu`. */
      readonly cpuacct: string | null;
      /** Mount of `cpuset`; null when not mounted (then CPUs are pinned with taskset only). */
      readonly cpuset: string | null;
    }
  | { readonly version: 'v2'; readonly root: string };

export interface NodeCgroupOptions {
  /** The node's CPUs as a cpuset list ("1", "0-3"); undefined: the parent's CPUs. */
  readonly cpus?: string | undefined;
  /** CFS quota in percent of one CPU (60 = 60 ms per 100 ms period); undefined: no quota. */
  readonly quotaPct?: number | undefined;
}

/** One node's cgroup (one directory per hierarchy on v1, one directory on v2). */
export interface NodeCgroup {
  readonly version: CgroupVersion;
  /** Relative to the hierarchy root, e.g. `/meshtax/<runId>/dedicated/server` — what the throttling probe takes. */
  readonly path: string;
  /** Absolute path of the `cpu.stat` holding nr_periods / nr_throttled / throttled time. */
  readonly cpuStatPath: string;
  /** Absolute directories of this cgroup (v1: one per hierarchy). */
  readonly dirs: readonly string[];
  /** The `cgroup.procs` files a pid is written to, to join this cgroup. */
  readonly procsFiles: readonly string[];
  readonly cpus: string | undefined;
  readonly quotaPct: number | undefined;
  /** Moves a process (all its threads) into the cgroup, in every hierarchy. */
  join(pid: number): Promise<void>;
  /** Pids in the cgroup (union over hierarchies). */
  pids(): Promise<number[]>;
  /** SIGKILLs what is left inside, removes the directories, and the empty parents up to `meshtax/`. Idempotent. */
  remove(): Promise<void>;
}

/** The file operations the cgroup code uses; tests pass a fixture implementation. */
export interface CgroupFs {
  readFile(path: string): Promise<string>;
  writeFile(path: string, text: string): Promise<void>;
  /** true when created, false when it already existed. */
  mkdir(path: string): Promise<boolean>;
  rmdir(path: string): Promise<void>;
}

export const realCgroupFs: CgroupFs = {
  readFile: (path) => readFile(path, 'utf8'),
  // One write(2) per value: cgroupfs parses each write on its own.
  writeFile: (path, text) => writeFile(path, text),
  mkdir: async (path) => {
    try {
      await mkdir(path);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  },
  rmdir: (path) => rmdir(path),
};

const code = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

export const CFS_PERIOD_US = 100_000;
export const quotaUs = (quotaPct: number): number => Math.max(1000, Math.round((quotaPct / 100) * CFS_PERIOD_US));

/** `meshtax/<runId>/<name…>` split into its levels: ['meshtax', '<runId>', …]. */
export function cgroupLevels(runId: string, name: string): string[] {
  const levels = [CGROUP_PARENT, runId, ...name.split('/').filter(Boolean)];
  for (const level of levels) {
    if (level === '.' || level === '..' || level.includes('\n')) throw new Error(`not a cgroup name: ${name}`);
  }
  return levels;
}

/**
 * Makes `root/levels[0]/…/levels[n]` one level at a time, calling `onLevel(dir, created, isLeaf)`
 * after each so the caller can configure it before the next level exists (cpuset v1: a child can
 * only take CPUs its parent has; v2: controllers must be enabled in the parent first). The leaf
 * must not exist yet. A parent removed by a concurrent run's cleanup between two steps is retried.
 */
export async function makeChain(
  fs: CgroupFs,
  root: string,
  levels: readonly string[],
  onLevel: (dir: string, created: boolean, isLeaf: boolean) => Promise<void>,
): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      let dir = root;
      for (let i = 0; i < levels.length; i++) {
        dir = join(dir, levels[i]!);
        const isLeaf = i === levels.length - 1;
        const created = await fs.mkdir(dir);
        if (isLeaf && !created) throw new Error(`cgroup ${dir} already exists (a run with the same id, or a crashed one: rmdir it)`);
        await onLevel(dir, created, isLeaf);
      }
      return dir;
    } catch (error) {
      if (code(error) === 'ENOENT' && attempt < 2) continue;
      throw error;
    }
  }
}

export async function readPids(fs: CgroupFs, procsFiles: readonly string[]): Promise<number[]> {
  const pids = new Set<number>();
  for (const file of procsFiles) {
    let text: string;
    try {
      text = await fs.readFile(file);
    } catch (error) {
      if (code(error) === 'ENOENT') continue;
      throw error;
    }
    for (const token of text.split(/\s+/)) if (token !== '') pids.add(Number(token));
  }
  return [...pids];
}

export async function joinCgroup(fs: CgroupFs, procsFiles: readonly string[], pid: number): Promise<void> {
  for (const file of procsFiles) await fs.writeFile(file, `${pid}\n`);
}

/**
 * Kills leftovers and removes `leafDirs`, retrying while the kernel still counts exiting tasks
 * (EBUSY), then removes the empty parents (`parentsOf` for each leaf, deepest first), ignoring
 * those another run still uses.
 */
export async function removeCgroup(
  fs: CgroupFs,
  leafDirs: readonly string[],
  procsFiles: readonly string[],
  parentsOf: (leaf: string) => string[],
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let pending = [...leafDirs];
  for (;;) {
    const pids = await readPids(fs, procsFiles);
    if (pids.length > 0) await killAndWait(pids);
    const still: string[] = [];
    for (const dir of pending) {
      try {
        await fs.rmdir(dir);
      } catch (error) {
        if (code(error) === 'ENOENT') continue;
        if (code(error) !== 'EBUSY' || Date.now() > deadline) throw new Error(`could not remove cgroup ${dir}: ${(error as Error).message}`);
        still.push(dir);
      }
    }
    pending = still;
    if (pending.length === 0) break;
    await sleep(50);
  }
  for (const leaf of leafDirs) {
    for (const parent of parentsOf(leaf)) {
      try {
        await fs.rmdir(parent);
      } catch (error) {
        if (['ENOENT', 'ENOTEMPTY', 'EBUSY', 'EEXIST'].includes(code(error) ?? '')) break;
        throw error;
      }
    }
  }
}

/** The parent directories of `leaf` up to and including `root/meshtax`, deepest first. */
export function parentDirs(root: string, levels: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = levels.length - 1; i >= 1; i--) out.push(join(root, ...levels.slice(0, i)));
  return out;
}
