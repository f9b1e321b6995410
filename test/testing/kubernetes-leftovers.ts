/**
 * What a local cluster that is down must not leave on the host (docs/KUBERNETES.md, "What
 * `cluster:down` undoes"), checked by the `kubernetes` project's teardown after its `cluster:down`
 * (kubernetes-global-setup.ts): no process with the cluster's mark, neither of its links, no
 * KUBE-* iptables chain, no mount under its folders, every sysctl it touches as before `cluster:up`.
 */
import { readFile } from 'node:fs/promises';
import { markedProcesses } from '../../scripts/cluster/daemons.js';
import { leftoverKubeChains, linkExists, mountsUnder, TOUCHED_SYSCTLS } from '../../scripts/cluster/host.js';
import { layout, network } from '../../scripts/cluster/layout.js';

export type Sysctls = Record<string, string>;

/** The sysctls the cluster changes, as they are now ('-' for one this kernel lacks). */
export async function touchedSysctls(): Promise<Sysctls> {
  const read = async (key: string) => (await readFile(`/proc/sys/${key}`, 'utf8').catch(() => '-')).trim();
  return Object.fromEntries(await Promise.all(TOUCHED_SYSCTLS.map(async (key) => [key, await read(key)])));
}

function changedSysctls(before: Sysctls, now: Sysctls): string[] {
  return Object.keys({ ...before, ...now })
    .filter((key) => before[key] !== now[key])
    .map((key) => `sysctl ${key.replaceAll('/', '.')} was ${before[key] ?? 'absent'} before cluster:up, is ${now[key] ?? 'absent'}`);
}

/** Each thing left behind, in words; empty when the host is as clean as before `cluster:up`. */
export async function leftBehind(sysctlsBefore: Sysctls): Promise<string[]> {
  const left: string[] = [];
  const processes = await markedProcesses();
  if (processes.length > 0) left.push(`processes carrying the cluster's mark: pids ${processes.join(', ')}`);
  for (const link of [network.nodeLink, network.podBridge]) if (await linkExists(link)) left.push(`link ${link}`);
  const chains = await leftoverKubeChains();
  if (chains.length > 0) left.push(`iptables chains: ${chains.join(', ')}`);
  for (const dir of [layout.root, layout.runtime]) {
    const mounts = await mountsUnder(dir);
    if (mounts.length > 0) left.push(`mounts under ${dir}: ${mounts.join(', ')}`);
  }
  left.push(...changedSysctls(sysctlsBefore, await touchedSysctls()));
  return left;
}
