/**
 * cluster:up — a single-node Kubernetes cluster on this machine, idempotent: what runs is kept,
 * what is missing is built or started. Order: packages and binaries, PKI and configuration, the
 * node's network, etcd, containerd (+ the pause image), the control plane, kubelet, kube-proxy;
 * then it waits for the node to be Ready and the default service account to exist.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { ensureDebianPackages, ensureKubeBinaries } from './build.js';
import { cniConflist, configFile, containerdToml, daemonEnv, daemonSpecs, kubeletConfig, kubeProxyConfig, type DaemonSpec } from './config.js';
import { logFile, runningPid, startDaemon } from './daemons.js';
import { succeeds } from './exec.js';
import { ensureNodeNetwork, saveSysctls } from './host.js';
import { ensurePauseImage } from './images.js';
import { kubectl, waitFor } from './kubectl.js';
import { KUBERNETES_VERSION, layout, network, NODE_NAME } from './layout.js';
import { ensureClusterPki, kubeconfigFor } from './pki.js';

type Log = (line: string) => void;

/** Writes only when the content differs: kube-proxy exits when its configuration file changes, even to the same bytes. */
async function writeIfChanged(file: string, content: string, mode = 0o644): Promise<void> {
  if ((await readFile(file, 'utf8').catch(() => undefined)) === content) return;
  await writeFile(file, content, { mode });
}

async function writeConfiguration(): Promise<void> {
  for (const dir of [layout.config, layout.cniConfDir, layout.cniIpamDir, layout.kubeletDir, layout.etcdData, layout.images]) {
    await mkdir(dir, { recursive: true });
  }
  await writeIfChanged(configFile('containerd.toml'), containerdToml());
  await writeIfChanged(`${layout.cniConfDir}/10-meshtax.conflist`, cniConflist());
  await writeIfChanged(configFile('kubelet.yaml'), kubeletConfig());
  await writeIfChanged(configFile('kube-proxy.yaml'), kubeProxyConfig());
  const kubeconfigs: [string, string, string][] = [
    [layout.kubeconfig, 'admin', 'meshtax-admin'],
    [configFile('controller-manager.kubeconfig'), 'controller-manager', 'system:kube-controller-manager'],
    [configFile('scheduler.kubeconfig'), 'scheduler', 'system:kube-scheduler'],
    [configFile('kubelet.kubeconfig'), 'kubelet', `system:node:${NODE_NAME}`],
    [configFile('kube-proxy.kubeconfig'), 'kube-proxy', 'system:kube-proxy'],
  ];
  for (const [file, leaf, user] of kubeconfigs) await writeIfChanged(file, await kubeconfigFor(leaf, user), 0o600);
}

async function logTail(name: string): Promise<string> {
  const text = await readFile(logFile(name), 'utf8').catch(() => '');
  return text.trim().split('\n').slice(-12).join('\n    ');
}

/** Ends a wait early when the daemon that should answer has exited, with the end of its log. */
const whileRunning = (spec: DaemonSpec) => async () =>
  (await runningPid(spec)) === undefined ? `${spec.name} exited; the end of ${logFile(spec.name)}:\n    ${await logTail(spec.name)}` : undefined;

async function start(spec: DaemonSpec, log: Log): Promise<void> {
  const { pid, started } = await startDaemon(spec, daemonEnv());
  log(`${started ? '• started' : '✓ running'} ${spec.name} (pid ${pid})`);
}

const ok = () => true as const;
const orUndefined = (yes: boolean) => (yes ? true : undefined);

async function etcdHealthy(): Promise<true | undefined> {
  const response = await fetch(`http://127.0.0.1:${network.etcdClientPort}/health`, { signal: AbortSignal.timeout(2_000) });
  return orUndefined(response.ok && ((await response.json()) as { health?: string }).health === 'true');
}

async function nodeReady(): Promise<true | undefined> {
  const status = await kubectl(['get', 'node', NODE_NAME, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'], { timeoutMs: 10_000 });
  return orUndefined(status === 'True');
}

export interface UpTimings {
  readonly controlPlaneReadyMs: number;
  readonly nodeReadyMs: number;
}

export async function clusterUp(log: Log): Promise<UpTimings> {
  await ensureDebianPackages(log);
  await ensureKubeBinaries(log);
  const started = Date.now();
  const written = await ensureClusterPki();
  if (written > 0) log(`• wrote ${written} certificates and keys to ${layout.pki}`);
  await writeConfiguration();
  await saveSysctls();
  await ensureNodeNetwork();
  const specs = new Map(daemonSpecs().map((s) => [s.name, s]));
  const spec = (name: string) => specs.get(name)!;

  await start(spec('etcd'), log);
  await waitFor('etcd to be healthy', etcdHealthy, 30_000, whileRunning(spec('etcd')));
  await start(spec('containerd'), log);
  const ctrVersion = () => succeeds('ctr', ['--address', layout.containerdSocket, 'version'], { timeoutMs: 5_000 }).then(orUndefined);
  await waitFor('containerd to answer', ctrVersion, 30_000, whileRunning(spec('containerd')));
  await ensurePauseImage(log);

  await start(spec('kube-apiserver'), log);
  await waitFor('the API server to be ready', () => kubectl(['get', '--raw', '/readyz'], { timeoutMs: 5_000 }).then(ok), 90_000, whileRunning(spec('kube-apiserver')));
  const controlPlaneReadyMs = Date.now() - started;
  for (const name of ['kube-controller-manager', 'kube-scheduler', 'kubelet', 'kube-proxy']) await start(spec(name), log);
  await waitFor(`node ${NODE_NAME} to be Ready`, nodeReady, 120_000, whileRunning(spec('kubelet')));
  const nodeReadyMs = Date.now() - started;
  // Pods are refused until the namespace's service account exists (and, briefly, after: callers retry).
  await waitFor('the default service account', () => kubectl(['get', 'serviceaccount', 'default', '-n', 'default']).then(ok), 60_000, whileRunning(spec('kube-controller-manager')));
  log(`✓ Kubernetes ${KUBERNETES_VERSION}: node ${NODE_NAME} Ready (${(nodeReadyMs / 1000).toFixed(1)} s; API server ready after ${(controlPlaneReadyMs / 1000).toFixed(1)} s)`);
  return { controlPlaneReadyMs, nodeReadyMs };
}

export function usage(): string {
  return [
    `  export KUBECONFIG=${layout.kubeconfig}`,
    `  ${layout.bin}/kubectl get nodes`,
    `  node ${network.nodeIp} · pods ${network.podCidr} · services ${network.serviceCidr} · logs in ${layout.logs}`,
    '  images: build with buildah and `ctr import` (scripts/cluster/images.ts); pods use imagePullPolicy: Never',
    '  stop it all: npm run cluster:down',
  ].join('\n');
}
