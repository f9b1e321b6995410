/**
 * cluster:down — stops every process of the local cluster by its recorded pid and undoes what it
 * changed on the host; idempotent (a second run finds nothing and says so). The built binaries,
 * the PKI (so the kubeconfig stays valid) and buildah's image cache are kept; etcd's data,
 * containerd's and the kubelet's state are removed, so the next `up` starts from an empty cluster.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { daemonSpecs } from './config.js';
import { markedProcesses, stopDaemon, stopPid } from './daemons.js';
import { run, succeeds } from './exec.js';
import { removeKubeChains, removeKubepodsCgroups, removeLinks, removeNetns, restoreSysctls, unmountUnder } from './host.js';
import { layout } from './layout.js';

type Log = (line: string) => void;
const ctr = (args: readonly string[]) => run('ctr', ['--address', layout.containerdSocket, '--namespace', 'k8s.io', ...args], { timeoutMs: 30_000 });

/** The network namespace a container (a pod sandbox) joined, from its OCI spec. */
function netnsPath(info: string): string | undefined {
  const spec = (JSON.parse(info) as { Spec?: { linux?: { namespaces?: { type: string; path?: string }[] } } }).Spec;
  return spec?.linux?.namespaces?.find((ns) => ns.type === 'network')?.path;
}

/** Kills and removes every container the cluster's containerd holds; returns the sandboxes' network namespaces. */
async function removeContainers(): Promise<{ count: number; netns: string[] }> {
  const ids = (await ctr(['containers', 'ls', '-q']).catch(() => '')).split('\n').filter(Boolean);
  const netns = new Set<string>();
  for (const id of ids) {
    const ns = netnsPath(await ctr(['containers', 'info', id]).catch(() => '{}'));
    if (ns?.startsWith('/var/run/netns/') || ns?.startsWith('/run/netns/')) netns.add(ns);
    await ctr(['tasks', 'kill', '--signal', 'SIGKILL', id]).catch(() => undefined);
    await ctr(['tasks', 'rm', '--force', id]).catch(() => undefined);
    await ctr(['containers', 'rm', id]).catch(() => undefined);
  }
  return { count: ids.length, netns: [...netns] };
}

/** Pod processes that escaped (a shim killed before its container): whatever is still in a kubepods cgroup. */
async function killKubepodsProcesses(): Promise<number> {
  const pids = new Set<number>();
  const walk = async (dir: string): Promise<void> => {
    for (const pid of (await readFile(path.join(dir, 'cgroup.procs'), 'utf8').catch(() => '')).split('\n').filter(Boolean)) pids.add(Number(pid));
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) if (entry.isDirectory()) await walk(path.join(dir, entry.name));
  };
  await walk('/sys/fs/cgroup/pids/kubepods');
  for (const pid of pids) await stopPid(pid, 0);
  return pids.size;
}

export async function clusterDown(log: Log): Promise<void> {
  const specs = daemonSpecs();
  const byName = new Map(specs.map((s) => [s.name, s]));
  // Everything that talks to containerd first, then the pods (while containerd still answers), then containerd.
  for (const spec of [...specs].reverse()) {
    if (spec.name === 'containerd') continue;
    if (await stopDaemon(spec, spec.name === 'kubelet' ? 15_000 : 10_000)) log(`• stopped ${spec.name}`);
  }
  const { count, netns } = await removeContainers();
  if (count > 0) log(`• removed ${count} containers`);
  if (await stopDaemon(byName.get('containerd')!)) log('• stopped containerd');
  const strays = await markedProcesses();
  for (const pid of strays) await stopPid(pid, 5_000);
  if (strays.length > 0) log(`• stopped ${strays.length} leftover processes (containerd shims)`);
  const escaped = await killKubepodsProcesses();
  if (escaped > 0) log(`• killed ${escaped} pod processes left in kubepods cgroups`);

  for (const dir of [layout.root, layout.runtime]) {
    const unmounted = await unmountUnder(dir);
    if (unmounted > 0) log(`• unmounted ${unmounted} mounts under ${dir}`);
  }
  for (const file of netns) await removeNetns(file);
  if (netns.length > 0) log(`• removed ${netns.length} pod network namespaces`);
  const links = await removeLinks();
  if (links.length > 0) log(`• removed links ${links.join(', ')}`);
  const chains = await removeKubeChains();
  if (chains > 0) log(`• removed ${chains} KUBE-* iptables chains`);
  for (const dir of [layout.etcdData, path.dirname(layout.containerdRoot), path.dirname(layout.cniConfDir), layout.kubeletDir, layout.runtime, layout.pids]) {
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  }
  const sysctls = await restoreSysctls();
  if (sysctls.length > 0) log(`• restored ${sysctls.join(', ')}`);
  const cgroups = await removeKubepodsCgroups();
  if (cgroups > 0) log(`• removed ${cgroups} kubepods cgroups`);
  // conntrack entries for the pod range would otherwise outlive the pods.
  await succeeds('conntrack', ['-D', '-s', '198.19.128.0/20'], { timeoutMs: 10_000 });
  log('✓ cluster is down (binaries, PKI and image cache kept)');
}
