/**
 * The Kubernetes target (issue 14): a namespace per run, labelled with the run id
 * and annotated with its owner; deleted — and waited for — on every exit path the RunContext
 * unwinds (normal end, Ctrl-C, a failure); namespaces of runs killed outright are swept by the
 * next run on the same host. The sidecars are Istio's where the cluster has Istio (istio-detect.ts,
 * istio-deploy.ts), else meshtax's own Envoy (deploy.ts); `sidecars` forces one.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { NodePool } from '../../config/index.js';
import { localStateDir } from '../../paths.js';
import { PINNED_ENVOY_VERSION } from '../../sidecar/index.js';
import type { RunContext } from '../../process/index.js';
import type { ClusterNode, ProfileSetup, TargetRecord } from '../../record/index.js';
import type { DeployedProfile, ProfileRequest, Target, TargetRun } from '../target.js';
import { clusterNodes, serverVersion } from './cluster-info.js';
import { deployKubernetes, refuseUnsupported, type KubeDeployment, type LoadAgentPlacement } from './deploy.js';
import { deployIstioProfile, type IstioProgress } from './istio-deploy.js';
import { decideSidecarMode, findIstio, type IstioFindings, type SidecarDecision, type SidecarsSetting } from './istio-detect.js';
import { imageRefs, LOCAL_IMAGE_PREFIX, type ImageRefs } from './images.js';
import { openKubectl, type KubeAccess, type Kubectl } from './kubectl.js';
import { namespaceManifest } from './manifests.js';
import { LOAD_AGENT_RESOURCES } from './load-agent-pod.js';
import { runNamespace } from './names.js';
import type { ProbeAccessSetting } from './probe-pods.js';
import { profileResources, type ProfileResources, type ResourceSettings } from './resources.js';
import { currentOwner, sweepDeadNamespaces } from './sweep.js';

export interface KubernetesTargetOptions extends KubeAccess {
  /** Where the images are (default `localhost/`: imported into the local cluster, never pulled). */
  readonly imagePrefix?: string;
  /** Default: `Never` for the local prefix, else `IfNotPresent`. */
  readonly imagePullPolicy?: 'Never' | 'IfNotPresent' | 'Always';
  /** How long a pod may take to become Ready (default 120 s). */
  readonly readyTimeoutMs?: number;
  /** Node profile → its node pools (bench.config.ts `targets.kubernetes.nodePools`). */
  readonly nodePools?: Readonly<Record<string, { readonly server?: NodePool | undefined; readonly client?: NodePool | undefined }>>;
  /** Whose sidecars: `auto` (default) Istio's where the cluster has Istio, else meshtax's own Envoy; `istio`/`meshtax` force one. */
  readonly sidecars?: SidecarsSetting;
  /** A dedicated profile's requests = limits per container (bench.config.ts `targets.kubernetes.resources`). */
  readonly resources?: ResourceSettings;
  /** Where the load agent runs: `pod` (default) on the profile's client node pool, or `host`, the harness's own (bench.config.ts `targets.kubernetes.loadAgent`). */
  readonly loadAgent?: 'pod' | 'host';
  /** How the containers are probed: `auto` (default) this host's /proc when it holds them, else the probe DaemonSet; `local`/`daemonset` force one. */
  readonly probes?: ProbeAccessSetting;
}

const NAMESPACE_DELETE_TIMEOUT_S = 120;
/** The runs' private folders on the harness's host (the run's keys, for the mTLS checks). */
const KUBE_RUNS_DIR = path.join(localStateDir, 'kube-runs');

export function kubernetesTarget(options: KubernetesTargetOptions = {}): Target {
  let kubectl: Kubectl | undefined;
  const kube = async () => (kubectl ??= await openKubectl(options));
  return {
    name: 'kubernetes',
    sweepLeftovers: async () => sweepDeadNamespaces(await kube(), KUBE_RUNS_DIR),
    open: async (ctx) => openRun(ctx, await kube(), options),
  };
}

async function openRun(ctx: RunContext, kube: Kubectl, options: KubernetesTargetOptions): Promise<TargetRun> {
  const [version, nodes] = [await serverVersion(kube), await clusterNodes(kube)];
  const findings = await findIstio(kube);
  const decision = decideSidecarMode(options.sidecars ?? 'auto', findings);
  const istio: IstioProgress = { resourcesApplied: [], notes: [], injection: [] };
  const prefix = options.imagePrefix ?? LOCAL_IMAGE_PREFIX;
  const images = imageRefs(prefix, PINNED_ENVOY_VERSION);
  const imagePullPolicy = options.imagePullPolicy ?? (prefix === LOCAL_IMAGE_PREFIX ? 'Never' : 'IfNotPresent');
  const namespace = runNamespace(ctx.runId);
  const runDir = await privateRunDir(ctx);
  // A namespace with its pods takes longer than unwind's default 10 s on a loaded 2-CPU node.
  const deleteTimeoutMs = (NAMESPACE_DELETE_TIMEOUT_S + 10) * 1000;
  ctx.defer(
    `delete namespace ${namespace}`,
    async () => {
      await kube.run(['delete', 'namespace', namespace, '--wait=true', `--timeout=${NAMESPACE_DELETE_TIMEOUT_S}s`, '--ignore-not-found'], { timeoutMs: deleteTimeoutMs });
    },
    { timeoutMs: deleteTimeoutMs + 5_000 },
  );
  await kube.run(['create', '-f', '-'], { input: JSON.stringify(namespaceManifest(namespace, ctx.runId, await currentOwner())) });
  const deployed: { profile: string; at: KubeDeployment }[] = [];
  const loadAgentSetting = options.loadAgent ?? 'pod';
  const record = (): TargetRecord => ({
    name: 'kubernetes',
    kubernetes: {
      serverVersion: version,
      context: kube.context ?? null,
      namespace,
      sidecarMode: decision.mode,
      sidecarDetection: detectionRecord(decision, findings),
      ...(decision.mode === 'istio' ? { istio: { resourcesApplied: [...istio.resourcesApplied], notes: [...istio.notes], injection: istio.injection.map((i) => ({ ...i })) } } : {}),
      images: { app: images.app, envoy: images.envoy },
      loadAgent: deployed.length === 0 ? `not started yet (${loadAgentSetting})` : deployed.map(({ profile, at }) => `${profile}: ${placementText(at.loadAgent)}`).join('; '),
      loadAgents: deployed.map(({ profile, at }) => ({ profile, ...(at.loadAgent.where === 'pod' ? at.loadAgent : { where: 'host' as const, pod: null, node: null, ip: null, qosClass: null, reachedBy: at.loadAgent.reachedBy }) })),
      nodes,
      pods: deployed.flatMap(({ profile, at }) =>
        [...at.pods.map((p) => ({ role: p.version ? `${p.role} ${p.version}` : p.role, pod: p.pod })), ...(at.neighbour ? [{ role: 'neighbour', pod: at.neighbour }] : [])].map(({ role, pod }) => ({
          profile,
          pod: pod.name,
          role,
          node: pod.node,
          ip: pod.ip,
          qosClass: pod.qosClass,
          resources: pod.resources,
        })),
      ),
      paths: deployed.flatMap(({ profile, at }) => at.paths.map((p) => ({ profile, ...p }))),
    },
  });
  return {
    describe: record,
    async deployProfile(request) {
      refuseUnsupported(request.loaded);
      if (request.dataPlane === 'ambient') throw new Error('the ambient data plane is not implemented on --target kubernetes');
      const pools = options.nodePools?.[request.profile];
      const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
      if (decision.mode === 'istio') await deployIstioProfile(ctx, { profile: request.profile, loaded: request.loaded, kube, namespace, images, imagePullPolicy, readyTimeoutMs, pools, decision }, istio);
      const resources = profileResources(request.definition, options.resources);
      const at = await deployKubernetes(ctx, { profile: request.profile, loaded: request.loaded, kube, namespace, runDir, images, imagePullPolicy, readyTimeoutMs, pools, resources, loadAgent: loadAgentSetting, probeAccess: options.probes ?? 'auto' });
      deployed.push({ profile: request.profile, at });
      return profileOf(request, at, { images, pools, resources, nodes, decision });
    },
  };
}

/** Where the load agent ran, in one sentence of the record. */
export function placementText(placement: LoadAgentPlacement): string {
  return placement.where === 'pod'
    ? `as pod ${placement.pod} on node ${placement.node} (${placement.ip}, ${placement.qosClass ?? 'QoS unknown'}: requests ${LOAD_AGENT_RESOURCES.requests.cpu} CPU, no limit), on the profile's client node pool, reaching each path through its Service; the harness reached it by ${placement.reachedBy}`
    : `on the harness host, outside the cluster, as ${placement.reachedBy} (the host must reach the Service range, as on a node of the cluster)`;
}

type Pools = { readonly server?: NodePool | undefined; readonly client?: NodePool | undefined } | undefined;

const describePool = (pool: NodePool | undefined) =>
  pool === undefined ? 'any node' : `nodeSelector ${JSON.stringify(pool.nodeSelector)}${pool.tolerations.length ? `, ${pool.tolerations.length} toleration(s)` : ''}`;

function detectionRecord(decision: SidecarDecision, findings: IstioFindings) {
  return {
    requested: decision.requested,
    reason: decision.reason,
    crdsFound: [...findings.crdsFound],
    crdsMissing: [...findings.crdsMissing],
    istiod: [...findings.istiod],
    injectorWebhooks: findings.injectors.map((i) => (i.revision ? `${i.name} (revision ${i.revision})` : i.name)),
    unreadable: [...findings.unreadable],
    injectionLabel: decision.injectionLabel ? `${decision.injectionLabel.key}=${decision.injectionLabel.value}` : null,
  };
}

interface ProfileContext {
  readonly images: ImageRefs;
  readonly pools: Pools;
  readonly resources: ProfileResources;
  readonly nodes: readonly ClusterNode[];
  readonly decision: SidecarDecision;
}

/** A pod as the record's setup line states it: its node, QoS class and CPU. */
function podCpus(at: KubeDeployment, role: string): string {
  const pods = at.pods.filter((p) => p.role === role).map((p) => p.pod);
  const limits = [...new Set(pods.map((p) => p.resources.pod?.limits?.cpu ?? Object.values(p.resources.containers).map((c) => c.limits?.cpu ?? 'none').join('+')))].join(',');
  return `node ${[...new Set(pods.map((p) => p.node))].join(',')} (pod, ${[...new Set(pods.map((p) => p.qosClass ?? '?'))].join(',')}, CPU limit ${limits})`;
}

function cpuManagerNote(at: KubeDeployment, nodes: readonly ClusterNode[]): string {
  const used = [...new Set(at.pods.map((p) => p.pod.node))];
  const policies = used.map((n) => `${n}: ${nodes.find((x) => x.name === n)?.cpuManagerPolicy ?? 'unknown (configz not readable)'}`);
  return `kubernetes: kubelet CPU manager policy ${policies.join(', ')} (static pins a Guaranteed pod's whole CPUs; none shares every CPU)`;
}

function profileOf(request: ProfileRequest, at: KubeDeployment, { images, pools, resources, nodes, decision }: ProfileContext): DeployedProfile {
  const probed = at.processes.some((p) => p.role !== 'load');
  const setup: ProfileSetup = {
    profile: request.profile,
    kind: request.definition.kind,
    fidelity: at.deployment.fidelity,
    clientCpus: podCpus(at, 'client'),
    serverCpus: podCpus(at, 'server'),
    neighbourCpus: at.neighbour ? `node ${at.neighbour.node} (pod ${at.neighbour.name}, ${Object.keys(at.neighbour.containers).length} burner(s), unpinned)` : null,
    quotaPct: resources.quotaPct ?? null,
    neighbourDutyPct: at.neighbour ? resources.neighbourDutyPct : 0,
    linkDelayMs: 0,
    notes: [
      pools
        ? `kubernetes: profile "${request.profile}" (${request.definition.kind}) as node pools: server pods on ${describePool(pools.server)}, client sidecar on ${describePool(pools.client)}`
        : `kubernetes: profile "${request.profile}" (${request.definition.kind}) NOT mapped to a node pool (none in targets.kubernetes.nodePools): no nodeSelector or tolerations`,
      `kubernetes: ${resources.summary}`,
      cpuManagerNote(at, nodes),
      `kubernetes: the load reaches each path through its Service (${at.paths.map((p) => `${p.path} ${p.service} ${p.address}`).join(', ')}): one kube-proxy iptables hop on each path alike, which the tax (mesh − baseline) cancels; the client sidecar reaches the server pods by their pod IPs, as Istio's sidecars do`,
      `kubernetes: meshtax's own Envoy sidecar containers (${decision.reason}), images ${images.app} and ${images.envoy}`,
      `kubernetes: the load agent ran ${placementText(at.loadAgent)}`,
      probedNote(at, probed),
    ],
  };
  // The server pod's cgroup carries the shared-core limit: its cpu.stat throttling is the record's throttledPct, as the local server node's.
  const remote = at.probes.how === 'daemonset';
  const cgroups = at.serverCgroup ? [{ cgroup: at.serverCgroup.cgroup, name: 'cgroup-server', ...(remote ? { node: at.serverCgroup.node } : {}) }] : [];
  const readers = remote ? Object.fromEntries([...at.probes.readers].map(([node, reader]) => [node, { where: reader.where, read: reader.read }])) : undefined;
  return { deployment: at.deployment, setup, watch: { processes: [...at.processes], cgroups, ...(readers ? { nodes: readers } : {}) } };
}

/** Whether the containers were probed, and how: this host's /proc, or the probe DaemonSet's pod on each node. */
function probedNote(at: KubeDeployment, probed: boolean): string {
  if (!probed) return 'kubernetes: the containers were NOT probed (their host pids were not found on their nodes): no sidecar CPU or memory figures';
  if (at.probes.how === 'local') return 'kubernetes: the containers were probed through local /proc (the harness runs on their node)';
  return `kubernetes: the containers were probed through the probe DaemonSet: ${[...at.probes.readers.values()].map((r) => r.where).join(', ')} (hostPID, the node's /proc and cgroups read-only)`;
}

async function privateRunDir(ctx: RunContext): Promise<string> {
  await mkdir(KUBE_RUNS_DIR, { recursive: true });
  const dir = await mkdtemp(path.join(KUBE_RUNS_DIR, `${ctx.runId}-`));
  ctx.defer(`remove ${dir}`, () => rm(dir, { recursive: true, force: true }));
  return dir;
}
