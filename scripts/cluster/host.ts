/**
 * What the cluster changes on the host, each with its undo: the node's link and the pods'
 * bridge, routes, sysctls the kubelet and kube-proxy set, KUBE-* iptables chains, mounts under
 * the cluster's folder, network namespaces of pod sandboxes and the kubelet's cgroups.
 */
import { access, readdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { run, succeeds } from './exec.js';
import { layout, network } from './layout.js';

const exists = (file: string) => access(file).then(() => true, () => false);

export async function linkExists(name: string): Promise<boolean> {
  return succeeds('ip', ['link', 'show', 'dev', name], { timeoutMs: 5_000 });
}

/**
 * The node's address on a bridge of its own (no ports: this VM's kernel has no dummy links),
 * and the Service range routed to it: a ClusterIP that kube-proxy does not translate dies here
 * instead of following the default route out.
 */
export async function ensureNodeNetwork(): Promise<void> {
  if (!(await linkExists(network.nodeLink))) {
    await run('ip', ['link', 'add', network.nodeLink, 'type', 'bridge'], { timeoutMs: 5_000 });
  }
  await run('ip', ['address', 'replace', network.nodeCidr, 'dev', network.nodeLink], { timeoutMs: 5_000 });
  await run('ip', ['link', 'set', network.nodeLink, 'up'], { timeoutMs: 5_000 });
  await run('ip', ['route', 'replace', network.serviceCidr, 'dev', network.nodeLink], { timeoutMs: 5_000 });
}

export async function removeLinks(): Promise<string[]> {
  const removed: string[] = [];
  for (const link of [network.podBridge, network.nodeLink]) {
    if (await linkExists(link)) {
      await run('ip', ['link', 'delete', link], { timeoutMs: 10_000 });
      removed.push(link);
    }
  }
  return removed;
}

/** Host settings the kubelet (vm.overcommit_memory, kernel.panic*), kube-proxy and the bridge plugin change. */
export const TOUCHED_SYSCTLS = [
  'vm/overcommit_memory',
  'kernel/panic',
  'kernel/panic_on_oops',
  'net/ipv4/ip_forward',
  'net/ipv4/conf/all/route_localnet',
  'net/bridge/bridge-nf-call-iptables',
  'net/bridge/bridge-nf-call-ip6tables',
] as const;

const sysctlPath = (key: string) => path.join('/proc/sys', key);

/** Records the settings as they are, once: a second `up` on a running cluster must not record the cluster's own values. */
export async function saveSysctls(): Promise<void> {
  if (await exists(layout.savedSysctls)) return;
  const saved: Record<string, string> = {};
  for (const key of TOUCHED_SYSCTLS) {
    const value = await readFile(sysctlPath(key), 'utf8').catch(() => undefined);
    if (value !== undefined) saved[key] = value.trim();
  }
  await writeFile(layout.savedSysctls, `${JSON.stringify(saved, null, 2)}\n`);
}

export async function restoreSysctls(): Promise<string[]> {
  const raw = await readFile(layout.savedSysctls, 'utf8').catch(() => undefined);
  if (raw === undefined) return [];
  const saved = JSON.parse(raw) as Record<string, string>;
  const changed: string[] = [];
  for (const [key, value] of Object.entries(saved)) {
    const now = (await readFile(sysctlPath(key), 'utf8').catch(() => value)).trim();
    if (now === value) continue;
    await writeFile(sysctlPath(key), value);
    changed.push(`${key.replaceAll('/', '.')} ${now} → ${value}`);
  }
  await rm(layout.savedSysctls, { force: true });
  return changed;
}

/** One `-A` rule from iptables-save, turned into the arguments that delete it. */
export function deleteArgs(rule: string): string[] {
  // iptables-save quotes comments ("…"); splitting on quotes keeps a quoted comment one argument.
  const args = rule.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
  return ['-D', ...args.slice(1).map((a) => (a.startsWith('"') ? a.slice(1, -1).replace(/\\"/g, '"') : a))];
}

/** From one table's iptables-save: the KUBE-* chains, and the rules outside them that jump into them. */
export function kubeRules(saved: string): { chains: string[]; jumps: string[] } {
  const chains = [...saved.matchAll(/^:(KUBE-\S+)/gm)].map((m) => m[1]!);
  const jumps = saved.split('\n').filter((line) => /^-A (?!KUBE-)\S+ .*-j KUBE-/.test(line));
  return { chains, jumps };
}

/** Removes every KUBE-* chain (kubelet's and kube-proxy's) and the jumps into them, IPv4 and IPv6. */
export async function removeKubeChains(): Promise<number> {
  let removed = 0;
  for (const tool of ['iptables', 'ip6tables']) {
    for (const table of ['filter', 'nat', 'mangle']) {
      const saved = await run(`${tool}-save`, ['-t', table], { timeoutMs: 15_000 }).catch(() => '');
      const { chains, jumps } = kubeRules(saved);
      for (const jump of jumps) await succeeds(tool, ['-w', '5', '-t', table, ...deleteArgs(jump)], { timeoutMs: 10_000 });
      for (const chain of chains) await succeeds(tool, ['-w', '5', '-t', table, '-F', chain], { timeoutMs: 10_000 });
      for (const chain of chains) if (await succeeds(tool, ['-w', '5', '-t', table, '-X', chain], { timeoutMs: 10_000 })) removed++;
    }
  }
  return removed;
}

/** The KUBE-* chains left on the host (empty after cluster:down). */
export async function leftoverKubeChains(): Promise<string[]> {
  const left: string[] = [];
  for (const tool of ['iptables', 'ip6tables']) {
    for (const table of ['filter', 'nat', 'mangle']) {
      const saved = await run(`${tool}-save`, ['-t', table], { timeoutMs: 15_000 }).catch(() => '');
      left.push(...kubeRules(saved).chains.map((c) => `${tool} ${table} ${c}`));
    }
  }
  return left;
}

/** Mount points at or below `dir`, deepest first (from /proc/self/mountinfo; spaces are octal-escaped there). */
export async function mountsUnder(dir: string): Promise<string[]> {
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  const points = info
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((p): p is string => p !== undefined)
    .map((p) => p.replace(/\\(\d{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))))
    .filter((p) => p === dir || p.startsWith(`${dir}/`));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

export async function unmountUnder(dir: string): Promise<number> {
  const points = await mountsUnder(dir);
  for (const point of points) {
    if (!(await succeeds('umount', [point], { timeoutMs: 10_000 }))) await succeeds('umount', ['-l', point], { timeoutMs: 10_000 });
  }
  return points.length;
}

/** A pod sandbox's network namespace (a bind mount under /var/run/netns, named by containerd). */
export async function removeNetns(file: string): Promise<void> {
  await succeeds('umount', [file], { timeoutMs: 10_000 });
  await rm(file, { force: true });
}

/** The kubelet's cgroups (cgroup v1: one kubepods tree per controller), removed leaves first; best effort. */
export async function removeKubepodsCgroups(): Promise<number> {
  let removed = 0;
  const removeTree = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) if (entry.isDirectory()) await removeTree(path.join(dir, entry.name));
    if (await rmdir(dir).then(() => true, () => false)) removed++;
  };
  for (const controller of await readdir('/sys/fs/cgroup').catch(() => [] as string[])) {
    await removeTree(path.join('/sys/fs/cgroup', controller, 'kubepods'));
  }
  return removed;
}
