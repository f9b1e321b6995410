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
import type { ProfileSetup, TargetRecord } from '../../record/index.js';
import type { DeployedProfile, ProfileRequest, Target, TargetRun } from '../target.js';
import { clusterNodes, serverVersion } from './cluster-info.js';
import { deployKubernetes, refuseUnsupported, type KubeDeployment } from './deploy.js';
import { deployIstioProfile, type IstioProgress } from './istio-deploy.js';
import { decideSidecarMode, findIstio, type IstioFindings, type SidecarDecision, type SidecarsSetting } from './istio-detect.js';
import { imageRefs, LOCAL_IMAGE_PREFIX, type ImageRefs } from './images.js';
import { openKubectl, type KubeAccess, type Kubectl } from './kubectl.js';
import { namespaceManifest } from './manifests.js';
import { runNamespace } from './names.js';
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
}

const LOAD_AGENT_PLACEMENT = 'on the harness host, outside the cluster, reaching the pods by their pod IPs (a single-node cluster, or a host routed to the pod network); not a pod on a client node pool yet';
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
  ctx.defer(`delete namespace ${namespace}`, async () => {
    await kube.run(['delete', 'namespace', namespace, '--wait=true', `--timeout=${NAMESPACE_DELETE_TIMEOUT_S}s`, '--ignore-not-found'], { timeoutMs: (NAMESPACE_DELETE_TIMEOUT_S + 10) * 1000 });
  });
  await kube.run(['create', '-f', '-'], { input: JSON.stringify(namespaceManifest(namespace, ctx.runId, await currentOwner())) });
  const deployed: { profile: string; at: KubeDeployment }[] = [];
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
      loadAgent: LOAD_AGENT_PLACEMENT,
      nodes,
      pods: deployed.flatMap(({ profile, at }) => at.pods.map((p) => ({ profile, pod: p.pod.name, role: p.version ? `${p.role} ${p.version}` : p.role, node: p.pod.node, ip: p.pod.ip }))),
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
      const at = await deployKubernetes(ctx, { profile: request.profile, loaded: request.loaded, kube, namespace, runDir, images, imagePullPolicy, readyTimeoutMs, pools });
      deployed.push({ profile: request.profile, at });
      return profileOf(request, at, images, pools, decision);
    },
  };
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

function profileOf(request: ProfileRequest, at: KubeDeployment, images: ImageRefs, pools: Pools, decision: SidecarDecision): DeployedProfile {
  const nodesOf = (role: string) => [...new Set(at.pods.filter((p) => p.role === role).map((p) => p.pod.node))].join(',');
  const probed = at.processes.length > 1;
  const setup: ProfileSetup = {
    profile: request.profile,
    kind: request.definition.kind,
    fidelity: at.deployment.fidelity,
    clientCpus: `node ${nodesOf('client')} (pod, no CPU request or limit)`,
    serverCpus: `node ${nodesOf('server')} (pod, no CPU request or limit)`,
    neighbourCpus: null,
    quotaPct: null,
    neighbourDutyPct: 0,
    linkDelayMs: 0,
    notes: [
      pools
        ? `kubernetes: profile "${request.profile}" (${request.definition.kind}) as node pools: server pods on ${describePool(pools.server)}, client sidecar on ${describePool(pools.client)}; no CPU requests or limits, no noisy neighbour yet`
        : `kubernetes: profile "${request.profile}" (${request.definition.kind}) NOT mapped to a node pool (none in targets.kubernetes.nodePools): no nodeSelector or tolerations; no CPU requests or limits, no noisy neighbour yet`,
      `kubernetes: meshtax's own Envoy sidecar containers (${decision.reason}), images ${images.app} and ${images.envoy}`,
      `kubernetes: the load agent ran ${LOAD_AGENT_PLACEMENT}`,
      probed ? 'kubernetes: the containers were probed through their host pids (the harness runs on their node)' : 'kubernetes: the containers were NOT probed (the harness is not on their node): no sidecar CPU or memory figures',
    ],
  };
  return { deployment: at.deployment, setup, watch: { processes: [...at.processes], cgroups: [] } };
}

async function privateRunDir(ctx: RunContext): Promise<string> {
  await mkdir(KUBE_RUNS_DIR, { recursive: true });
  const dir = await mkdtemp(path.join(KUBE_RUNS_DIR, `${ctx.runId}-`));
  ctx.defer(`remove ${dir}`, () => rm(dir, { recursive: true, force: true }));
  return dir;
}
