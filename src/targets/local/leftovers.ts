/**
 * What of a run is still on the machine: its network namespaces, root-namespace veths, cgroup
 * directories and the processes in any of them. Empty everywhere after a clean unwind; the run's
 * final check and the tests assert that.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path/posix';
import { detectCgroupHierarchies } from './cgroups.js';
import { CGROUP_PARENT, runNsPrefix, runVethPrefix } from './names.js';
import { listNetns, netnsPids } from './netns.js';
import { isRoot, processAlive, runTool } from './system.js';

export interface Leftovers {
  readonly namespaces: readonly string[];
  readonly veths: readonly string[];
  /** Absolute cgroup directories (each hierarchy on v1). */
  readonly cgroups: readonly string[];
  /** Live processes in the run's namespaces or cgroups. */
  readonly pids: readonly number[];
}

export const isClean = (l: Leftovers): boolean => l.namespaces.length + l.veths.length + l.cgroups.length + l.pids.length === 0;

export function describeLeftovers(l: Leftovers): string {
  const parts = [
    l.namespaces.length ? `network namespaces ${l.namespaces.join(', ')}` : '',
    l.veths.length ? `veths ${l.veths.join(', ')}` : '',
    l.cgroups.length ? `cgroups ${l.cgroups.join(', ')}` : '',
    l.pids.length ? `processes ${l.pids.join(', ')}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : 'nothing';
}

async function walk(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out = [dir];
  for (const e of entries) if (e.isDirectory()) out.push(...(await walk(join(dir, e.name))));
  return out;
}

export async function leftovers(runId: string): Promise<Leftovers> {
  // An empty or odd id would widen every prefix below to other runs' namespaces and cgroups.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(runId)) throw new Error(`not a run id: "${runId}"`);
  if (!isRoot()) return { namespaces: [], veths: [], cgroups: [], pids: [] }; // nothing of that kind can have been made

  const nsPrefix = runNsPrefix(runId);
  const namespaces = (await listNetns()).filter((ns) => ns.startsWith(nsPrefix));

  const vethPrefix = runVethPrefix(runId);
  const links = await runTool('ip', ['-o', 'link', 'show']);
  const veths = [...links.matchAll(/^\d+:\s+([^:@\s]+)/gm)].map((m) => m[1]!).filter((name) => name.startsWith(vethPrefix));

  const h = await detectCgroupHierarchies();
  const roots = h === null ? [] : h.version === 'v2' ? [h.root] : [...new Set([h.cpu, h.cpuacct, h.cpuset].filter((r): r is string => r !== null))];
  const cgroups: string[] = [];
  for (const root of roots) cgroups.push(...(await walk(join(root, CGROUP_PARENT, runId))));

  const pids = new Set<number>();
  for (const ns of namespaces) for (const pid of await netnsPids(ns)) pids.add(pid);
  for (const dir of cgroups) {
    const text = await readFile(join(dir, 'cgroup.procs'), 'utf8').catch(() => '');
    for (const token of text.split(/\s+/)) if (token !== '') pids.add(Number(token));
  }
  return { namespaces, veths, cgroups, pids: [...pids].filter(processAlive).sort((a, b) => a - b) };
}
