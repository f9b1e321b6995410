/**
 * One node profile on Kubernetes, no-Istio mode: baseline pods (the app alone), mesh server pods
 * (the app on loopback + meshtax's own Envoy sidecar) per version, and a client-sidecar pod; the
 * sidecars run the same generated configuration as locally (bootstrap in a ConfigMap, the run's
 * certificates in Secrets). The load agent runs as a pod on the profile's client node pool
 * (load-agent-pod.ts), or, when asked, on the harness's host; either way it reaches each path
 * through its Service, and the record says where it ran.
 */
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { appArgs } from '../../app/index.js';
import type { NodePool } from '../../config/index.js';
import { EnvironmentError } from '../../errors.js';
import { startLoadAgent, type LoadAgent, type LocalLoadAgent } from '../../load/index.js';
import { createRunPki, removeRunPki, workloadCert, type RunPki } from '../../pki/index.js';
import type { ProcessSpec } from '../../probes/index.js';
import { noWrapper, type RunContext } from '../../process/index.js';
import { WORKLOAD_PORT, type LoadedScenario } from '../../scenario/index.js';
import { clientSidecarBootstrap, meshExtras, parseStats, serverSidecarBootstrap, type SocketAddress } from '../../sidecar/index.js';
import { healthCheck, LOAD_CLIENT, pkiSummary } from '../local/deploy.js';
import type { DeployedProcess, Deployment, NodeRuntime, ProcessRole, SidecarHandle } from '../target.js';
import { containerPids, podCpuCgroup } from './container-pids.js';
import { openProbeAccess, type ProbeAccess, type ProbeAccessSetting } from './probe-pods.js';
import type { ImageRefs } from './images.js';
import type { Kubectl } from './kubectl.js';
import { HARNESS_WORKLOAD, LOAD_AGENT_ROLE, loadAgentWorkloads, startLoadAgentPod } from './load-agent-pod.js';
import {
  adminOnPodAddress,
  APP_PORT,
  bootstrapConfigMap,
  certFiles,
  certSecret,
  CLIENT_CHURN_PORT,
  CLIENT_SIDECAR_PORT,
  deploymentManifest,
  ENVOY_ADMIN_PORT,
  list,
  SERVER_SIDECAR_PORT,
  type Manifest,
  type PodRole,
} from './manifests.js';
import { objectName, PROFILE_LABEL, ROLE_LABEL, labelValue } from './names.js';
import { waitPodReady, type ReadyPod } from './pods.js';
import { refuseKubernetesRun } from './refuse.js';
import { neighbourPodManifest, NEIGHBOUR_ROLE, serviceManifest } from './path-manifests.js';
import { neighbourBurners, type ProfileResources } from './resources.js';
import { serviceClusterIp, waitServiceReachable } from './services.js';

export interface KubeDeployInput {
  readonly profile: string;
  readonly loaded: LoadedScenario;
  readonly kube: Kubectl;
  readonly namespace: string;
  /** The run's private folder on the harness's host (the run's keys, for the mTLS checks). */
  readonly runDir: string;
  readonly images: ImageRefs;
  readonly imagePullPolicy: 'Never' | 'IfNotPresent' | 'Always';
  readonly readyTimeoutMs: number;
  /** The profile's node pools: server pods (baseline and mesh) and the client sidecar pod. */
  readonly pools?: { readonly server?: NodePool | undefined; readonly client?: NodePool | undefined } | undefined;
  /** What the profile puts on the pods (requests/limits) and its noisy neighbour. */
  readonly resources: ProfileResources;
  /** Where the load agent runs: a pod on the client pool, or the harness's host. */
  readonly loadAgent: 'pod' | 'host';
  /** How the containers are probed: this host's /proc, the probe DaemonSet, or `auto`. */
  readonly probeAccess: ProbeAccessSetting;
}

/** Where the load agent ran, as the record states it. */
export type LoadAgentPlacement =
  | { readonly where: 'pod'; readonly pod: string; readonly node: string; readonly ip: string; readonly qosClass: string | null; readonly reachedBy: string }
  | { readonly where: 'host'; readonly reachedBy: string };

export interface KubePath {
  readonly path: 'baseline' | 'mesh';
  readonly service: string;
  readonly address: string;
  readonly via: string;
}

export interface DeployedPod {
  readonly role: PodRole;
  readonly version: string | null;
  readonly pod: ReadyPod;
}

export interface KubeDeployment {
  readonly deployment: Deployment;
  readonly pods: readonly DeployedPod[];
  /** The containers' host pids (each with its node when read through a probe pod) and the load agent's. */
  readonly processes: readonly ProcessSpec[];
  /** How the containers were probed, and each node's reader. */
  readonly probes: ProbeAccess;
  /** How the load reaches each path (a Service's ClusterIP). */
  readonly paths: readonly KubePath[];
  /** The shared-core profile's noisy-neighbour pod. */
  readonly neighbour: ReadyPod | undefined;
  /** The (first) mesh server pod's CPU cgroup on its node, for the throttling probe, and that node. */
  readonly serverCgroup: { readonly cgroup: string; readonly node: string } | undefined;
  readonly loadAgent: LoadAgentPlacement;
}

/** The harness is not inside any pod: the admin bootstrap field is replaced by `adminOnPodAddress`. */
const UNUSED_ADMIN_SOCKET = '/dev/null';
/** A path inside the sidecar container (stdout): access logs go to `kubectl logs`. */
const POD_ACCESS_LOG = '/dev/stdout';

/** The scenario's part of the refusals (the CLI checks the whole run, profiles too, before the namespace exists). */
export function refuseUnsupported(loaded: LoadedScenario): void {
  refuseKubernetesRun({ loaded });
}

export async function deployKubernetes(ctx: RunContext, input: KubeDeployInput): Promise<KubeDeployment> {
  refuseUnsupported(input.loaded);
  const { scenario, policy } = input.loaded;
  const w = scenario.workload;
  const ns = input.namespace;
  const name = (...parts: string[]) => objectName(input.profile, ...parts);
  const pki = await createRunPki({
    dir: path.join(input.runDir, input.profile, 'pki'),
    workloads: [
      { ...LOAD_CLIENT, namespace: w.namespace },
      ...w.versions.map((v) => ({ name: `${w.serviceName}-${v}`, namespace: w.namespace, serviceAccount: w.serviceName })),
      ...(input.loadAgent === 'pod' ? loadAgentWorkloads(w.namespace) : []),
    ],
    foreignCa: true,
  });
  ctx.defer('remove run keys', () => removeRunPki(pki));
  await apply(input.kube, await certSecrets(ns, pki, name));

  const grpc = w.protocol === 'grpc';
  const appFlags = (version: string, host: string) => appArgs({ version, httpPort: grpc ? 0 : APP_PORT, grpcPort: grpc ? APP_PORT : null, payloadBytes: w.payloadBytes, cpuWorkUs: w.cpuWorkUs, host });
  const common = { namespace: ns, profile: input.profile, images: input.images, imagePullPolicy: input.imagePullPolicy };
  const sized = (role: PodRole) => ({ containerResources: input.resources.container(role), podResources: input.resources.pod(role) });
  const labelsFor = (role: PodRole, version?: string) => ({ app: labelValue(role === 'client' ? LOAD_CLIENT.name : w.serviceName), ...(version ? { version: labelValue(version) } : {}), [ROLE_LABEL]: role });
  const concurrency = scenario.sidecar.concurrency;
  const configs: Record<string, Record<string, unknown>> = {};

  const baselineVersion = w.versions[0]!;
  const serverObjects: Manifest[] = [deploymentManifest({ ...common, ...sized('baseline'), pool: input.pools?.server, name: name('baseline'), role: 'baseline', labels: labelsFor('baseline', baselineVersion), appArgs: appFlags(baselineVersion, '0.0.0.0') })];
  for (const version of w.versions) {
    const nodeId = `${w.serviceName}-${version}`;
    const config = adminOnPodAddress(
      serverSidecarBootstrap({
        nodeId,
        adminSocket: UNUSED_ADMIN_SOCKET,
        listen: { address: '0.0.0.0', port: SERVER_SIDECAR_PORT },
        protocol: w.protocol,
        servicePort: WORKLOAD_PORT,
        inbound: policy.inbound[version] ?? { mode: 'PERMISSIVE', portModes: {} },
        app: { address: '127.0.0.1', port: APP_PORT },
        tls: certFiles,
        trustDomain: pki.trustDomain,
        namespace: w.namespace,
        istio: false,
        extras: meshExtras(policy, { side: 'server', accessLogPath: POD_ACCESS_LOG, collector: undefined }),
      }),
    );
    configs[`server-${version}`] = config;
    serverObjects.push(bootstrapConfigMap(ns, name('server', version), config));
    serverObjects.push(
      deploymentManifest({
        ...common,
        ...sized('server'),
        pool: input.pools?.server,
        name: name('server', version),
        role: 'server',
        labels: labelsFor('server', version),
        appArgs: appFlags(version, '127.0.0.1'),
        sidecar: { configMap: name('server', version), secret: secretName(name, nodeId), concurrency },
      }),
    );
  }
  await apply(input.kube, serverObjects);
  const podLabels = (role: PodRole, version?: string): Record<string, string> => ({ ...labelsFor(role, version), [PROFILE_LABEL]: labelValue(input.profile) });
  const selector = (role: PodRole, version?: string) => Object.entries(podLabels(role, version)).map(([k, v]) => `${k}=${v}`).join(',');
  const wait = (role: PodRole, version?: string) => waitPodReady(input.kube, ns, selector(role, version), input.readyTimeoutMs, ctx.signal);
  const pods: DeployedPod[] = [{ role: 'baseline', version: baselineVersion, pod: await wait('baseline', baselineVersion) }];
  const serverSidecars: Record<string, SocketAddress> = {};
  for (const version of w.versions) {
    const pod = await wait('server', version);
    pods.push({ role: 'server', version, pod });
    serverSidecars[version] = { address: pod.ip, port: SERVER_SIDECAR_PORT };
  }

  const churnEvery = scenario.load.newConnectionEvery;
  const churn = churnEvery > 0 ? { listen: { address: '0.0.0.0', port: CLIENT_CHURN_PORT }, requestsPerConnection: churnEvery } : undefined;
  const clientConfig = adminOnPodAddress(
    clientSidecarBootstrap({
      nodeId: LOAD_CLIENT.name,
      adminSocket: UNUSED_ADMIN_SOCKET,
      listen: { address: '0.0.0.0', port: CLIENT_SIDECAR_PORT },
      protocol: w.protocol,
      serviceName: w.serviceName,
      servicePort: WORKLOAD_PORT,
      policy: policy.outbound,
      tls: certFiles,
      serverSpiffeId: workloadCert(pki, `${w.serviceName}-${baselineVersion}`).spiffeId,
      upstreams: serverSidecars,
      ...(churn ? { churn } : {}),
      namespace: w.namespace,
      extras: meshExtras(policy, { side: 'client', accessLogPath: POD_ACCESS_LOG, collector: undefined }),
    }),
  );
  configs.client = clientConfig;
  await apply(input.kube, [
    bootstrapConfigMap(ns, name('client'), clientConfig),
    deploymentManifest({ ...common, ...sized('client'), pool: input.pools?.client, name: name('client'), role: 'client', labels: labelsFor('client'), sidecar: { configMap: name('client'), secret: secretName(name, LOAD_CLIENT.name), concurrency } }),
  ]);
  const clientPod = await wait('client');
  pods.push({ role: 'client', version: null, pod: clientPod });
  requirePodLimits(input.resources, pods);
  const neighbour = await startNeighbour(ctx, input, pods[1]!.pod.node);
  const paths = await pathServices(ctx, input, podLabels, churn !== undefined);
  const [baselinePath, meshPath] = [paths.find((p) => p.path === 'baseline')!, paths.find((p) => p.path === 'mesh')!];

  const { agent, placement, agentPod } = await placeLoadAgent(ctx, input, pki);
  const probed = [...pods.map((p) => p.pod), ...(neighbour ? [neighbour] : []), ...(agentPod ? [agentPod] : [])];
  const probes = await openProbeAccess(ctx, { ...common, kube: input.kube, readyTimeoutMs: input.readyTimeoutMs, setting: input.probeAccess }, [...new Set(probed.map((p) => p.node))], probed.flatMap((p) => Object.values(p.containers)));
  const podSpecs = [
    ...(await podProcesses(pods, probes)),
    ...(await containerProcesses(neighbour, probes, 'neighbour', (c) => `neighbour-${c}`)),
    ...(await containerProcesses(agentPod, probes, 'load', () => 'load-agent')),
  ];
  const hostAgent: PodProcess[] = 'child' in agent ? [{ pid: agent.child.pid, role: 'load', name: 'load-agent' }] : [];
  const processes: PodProcess[] = [...podSpecs, ...hostAgent];
  const sidecars: SidecarHandle[] = [
    ...w.versions.map((v) => sidecarHandle(`server-${v}`, configs[`server-${v}`]!, pods.find((p) => p.role === 'server' && p.version === v)!.pod.ip)),
    sidecarHandle('client', clientConfig, clientPod.ip),
  ];
  const baselinePod = pods[0]!.pod;
  const node = (nodeName: 'client' | 'server', address: string): NodeRuntime => ({ name: nodeName, address, cpus: undefined, wrap: noWrapper });
  const deployment: Deployment = {
    profile: input.profile,
    endpoints: { baseline: `http://${baselinePath.address}:${APP_PORT}/`, mesh: `http://${meshPath.address}:${CLIENT_SIDECAR_PORT}/` },
    meshChurnEndpoint: churn ? `http://${meshPath.address}:${CLIENT_CHURN_PORT}/` : undefined,
    sidecars,
    agent,
    processes,
    nodes: { client: node('client', clientPod.ip), server: node('server', pods[1]!.pod.ip) },
    fidelity: { level: 'reduced', reason: `Kubernetes pods (${input.resources.summary}); the load agent ${placement.where === 'pod' ? `as pod ${placement.pod} on node ${placement.node}` : 'on the harness host'}, reaching each path through its Service` },
    telemetry: { accessLogs: [] },
    serverSidecars,
    pki: pkiSummary(pki),
  };
  await healthCheckWithin(deployment, w.protocol, input.loadAgent === 'pod' ? input.readyTimeoutMs : 0, ctx.signal);
  const serverApp = podSpecs.find((p) => p.name === `app-${baselineVersion}`);
  const serverNode = pods.find((p) => p.role === 'server')!.pod.node;
  const serverReader = probes.readers.get(serverNode);
  const cgroup = serverApp && serverReader ? await podCpuCgroup(serverApp.pid, serverReader) : undefined;
  const serverCgroup = cgroup === undefined ? undefined : { cgroup, node: serverNode };
  return { deployment, pods, processes, probes, paths, neighbour, serverCgroup, loadAgent: placement };
}

async function placeLoadAgent(ctx: RunContext, input: KubeDeployInput, pki: RunPki): Promise<{ agent: LoadAgent | LocalLoadAgent; placement: LoadAgentPlacement; agentPod: ReadyPod | undefined }> {
  if (input.loadAgent === 'host') {
    const agent = startLoadAgent(ctx);
    return { agent, placement: { where: 'host', reachedBy: 'a child process of the harness (IPC), reaching each path through its Service from the harness host' }, agentPod: undefined };
  }
  const { agent, pod, reachedBy } = await startLoadAgentPod(ctx, { profile: input.profile, kube: input.kube, namespace: input.namespace, pki, images: input.images, imagePullPolicy: input.imagePullPolicy, readyTimeoutMs: input.readyTimeoutMs, pool: input.pools?.client });
  return { agent, placement: { where: 'pod', pod: pod.name, node: pod.node, ip: pod.ip, qosClass: pod.qosClass, reachedBy }, agentPod: pod };
}

/** The agent pod's health check: kube-proxy may not have programmed the Services on its node yet, so it is tried again until `withinMs`. */
async function healthCheckWithin(deployment: Deployment, protocol: 'http' | 'grpc', withinMs: number, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      return await healthCheck(deployment, protocol);
    } catch (error) {
      if (Date.now() >= deadline || signal.aborted || !(error instanceof EnvironmentError)) throw error;
      await sleep(1_000);
    }
  }
}

/** A pod-level limit the API server dropped (PodLevelResources off, Kubernetes < 1.34) would measure an unlimited pod as shared-core. */
function requirePodLimits(resources: ProfileResources, pods: readonly DeployedPod[]): void {
  for (const { role, pod } of pods) {
    const asked = resources.pod(role)?.limits?.cpu;
    if (asked !== undefined && pod.resources.pod?.limits?.cpu === undefined) {
      throw new EnvironmentError(
        `pod ${pod.name} was asked for a pod-level CPU limit of ${asked} (the shared-core quota), but the API server did not keep it`,
        'Pod-level resources need Kubernetes 1.34 or later (feature gate PodLevelResources). Run the shared-core profile on such a cluster, or only the dedicated one.',
      );
    }
  }
}

async function startNeighbour(ctx: RunContext, input: KubeDeployInput, node: string): Promise<ReadyPod | undefined> {
  const { neighbourDutyPct, quotaPct } = input.resources;
  if (neighbourDutyPct <= 0) return undefined;
  const podName = objectName(input.profile, NEIGHBOUR_ROLE);
  const maxS = Math.ceil(ctx.maxRunMs / 1000) + 5;
  const manifest = neighbourPodManifest({
    namespace: input.namespace,
    name: podName,
    profile: input.profile,
    node,
    dutyPct: neighbourDutyPct,
    burners: neighbourBurners(quotaPct),
    maxS,
    images: input.images,
    imagePullPolicy: input.imagePullPolicy,
    pool: input.pools?.server,
  });
  await apply(input.kube, [manifest]);
  return waitPodReady(input.kube, input.namespace, `${PROFILE_LABEL}=${labelValue(input.profile)},${ROLE_LABEL}=${NEIGHBOUR_ROLE}`, input.readyTimeoutMs, ctx.signal);
}

const KUBE_PROXY_HOP = 'ClusterIP: one kube-proxy iptables DNAT hop, on each path alike';

/** A Service per path: the baseline pod's app, and the client sidecar's listeners (the mesh path's entry). */
async function pathServices(ctx: RunContext, input: KubeDeployInput, labels: (role: PodRole, version?: string) => Record<string, string>, churn: boolean): Promise<KubePath[]> {
  const base = input.loaded.scenario.workload.versions[0]!;
  const services = [
    { path: 'baseline' as const, name: objectName(input.profile, 'baseline'), selector: labels('baseline', base), ports: [{ name: 'app', port: APP_PORT }] },
    { path: 'mesh' as const, name: objectName(input.profile, 'mesh'), selector: labels('client'), ports: [{ name: 'mesh', port: CLIENT_SIDECAR_PORT }, ...(churn ? [{ name: 'churn', port: CLIENT_CHURN_PORT }] : [])] },
  ];
  await apply(input.kube, services.map((s) => serviceManifest({ namespace: input.namespace, ...s })));
  const paths: KubePath[] = [];
  for (const s of services) {
    const address = await serviceClusterIp(input.kube, input.namespace, s.name);
    // A host agent needs the Service range routed to this host; an agent pod reaches it as any pod does.
    if (input.loadAgent === 'host') for (const p of s.ports) await waitServiceReachable(address, p.port, input.readyTimeoutMs, ctx.signal);
    paths.push({ path: s.path, service: s.name, address, via: KUBE_PROXY_HOP });
  }
  return paths;
}

/** A container's process, and the node whose reader reads it (absent: this host's /proc). */
type PodProcess = DeployedProcess & { readonly node?: string };

/** A pod's containers as processes of one role (the neighbour's burners, the load-agent pod), read on its node. */
async function containerProcesses(pod: ReadyPod | undefined, probes: ProbeAccess, role: ProcessRole, nameOf: (container: string) => string): Promise<PodProcess[]> {
  const reader = pod && probes.readers.get(pod.node);
  if (!pod || !reader) return [];
  const pids = await containerPids(Object.values(pod.containers), reader);
  return Object.entries(pod.containers).flatMap(([container, id]) => {
    const pid = pids.get(id);
    return pid === undefined ? [] : [{ pid, role, name: nameOf(container), ...onNode(probes, pod.node) }];
  });
}

/** A process read through a probe pod names its node; one on this host's /proc names none. */
const onNode = (probes: ProbeAccess, node: string): { node?: string } => (probes.how === 'daemonset' ? { node } : {});

const secretName = (name: (...parts: string[]) => string, workload: string) => name('cert', workload);

async function certSecrets(ns: string, pki: RunPki, name: (...parts: string[]) => string): Promise<Manifest[]> {
  const ca = await readFile(pki.caPath, 'utf8');
  return Promise.all(
    pki.workloads.filter((w) => w.name !== HARNESS_WORKLOAD && w.name !== LOAD_AGENT_ROLE).map(async (w) => certSecret(ns, secretName(name, w.name), { cert: await readFile(w.certPath, 'utf8'), key: await readFile(w.keyPath, 'utf8'), ca })),
  );
}

async function apply(kube: Kubectl, items: readonly Manifest[]): Promise<void> {
  await kube.run(['apply', '-f', '-'], { input: JSON.stringify(list(items)) });
}

function sidecarHandle(name: string, config: Record<string, unknown>, podIp: string): SidecarHandle {
  return { name, config, stats: () => readAdminStats(`http://${podIp}:${ENVOY_ADMIN_PORT}/stats`) };
}

async function readAdminStats(url: string): Promise<Record<string, number>> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  if (response.status !== 200) throw new Error(`Envoy admin ${url} answered ${response.status}`);
  return parseStats(await response.text());
}

const ROLE_OF: Record<string, ProcessRole> = { app: 'app', envoy: 'envoy-server' };

/** Each pod's containers as host processes, named as the local target names them (envoy-client, envoy-server-v1, app-v1 …). */
async function podProcesses(pods: readonly DeployedPod[], probes: ProbeAccess): Promise<PodProcess[]> {
  const specs: PodProcess[] = [];
  for (const node of new Set(pods.map((p) => p.pod.node))) {
    const reader = probes.readers.get(node);
    if (!reader) continue;
    const onThisNode = pods.filter((p) => p.pod.node === node);
    const pids = await containerPids(onThisNode.flatMap((p) => Object.values(p.pod.containers)), reader);
    for (const { role, version, pod } of onThisNode) {
      for (const [container, id] of Object.entries(pod.containers)) {
        const pid = pids.get(id);
        if (pid === undefined) continue;
        const where = onNode(probes, node);
        if (container === 'envoy') specs.push({ pid, role: role === 'client' ? 'envoy-client' : 'envoy-server', name: role === 'client' ? 'envoy-client' : `envoy-server-${version}`, ...where });
        else specs.push({ pid, role: ROLE_OF[container] ?? 'app', name: role === 'baseline' ? `app-${version}-baseline` : `app-${version}`, ...where });
      }
    }
  }
  return specs;
}
