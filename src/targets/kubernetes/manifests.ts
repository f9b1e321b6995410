/**
 * The objects of one Kubernetes run, as plain JSON (what `kubectl apply -f -` takes). Pure: the
 * run's namespace (labelled with the run id and who owns it), per-workload certificate Secrets,
 * the sidecars' bootstrap ConfigMaps, and the Deployments of the baseline, the mesh servers (app +
 * meshtax's own Envoy sidecar) and the client sidecar.
 */
import type { NodePool } from '../../config/index.js';
import { envoyArgs } from '../../sidecar/index.js';
import { APP_IMAGE_ENTRY, ENVOY_IMAGE_ENTRY, type ImageRefs } from './images.js';
import { labelValue, MANAGED_BY, OWNER_ANNOTATION, PROFILE_LABEL, ROLE_LABEL, RUN_LABEL } from './names.js';

export type Manifest = Record<string, unknown>;

/** The app's port in every pod; in a mesh pod it listens on 127.0.0.1 only (reached through its sidecar). */
export const APP_PORT = 8080;
/** The server sidecar's mTLS listener, on the pod's address. */
export const SERVER_SIDECAR_PORT = 15443;
/** The client sidecar's listener the load calls, and its churn listener. */
export const CLIENT_SIDECAR_PORT = 15001;
export const CLIENT_CHURN_PORT = 15002;
/** Envoy's admin, on the pod's address: the harness reads `/stats` and `/ready` there. */
export const ENVOY_ADMIN_PORT = 15000;

export const CERT_MOUNT = '/etc/meshtax/certs';
export const BOOTSTRAP_MOUNT = '/etc/meshtax/envoy';
export const BOOTSTRAP_FILE = 'bootstrap.json';
export const certFiles = { certChainPath: `${CERT_MOUNT}/cert.pem`, privateKeyPath: `${CERT_MOUNT}/key.pem`, trustedCaPath: `${CERT_MOUNT}/ca.pem` } as const;

export type PodRole = 'baseline' | 'server' | 'client';

/** Requests and limits, of a container or (`spec.resources`) of a whole pod. */
export interface ContainerResources {
  readonly requests?: Readonly<Record<string, string>>;
  readonly limits?: Readonly<Record<string, string>>;
}

export interface RunOwner {
  readonly host: string;
  readonly pid: number;
  readonly pidStartTicks: string;
}

export function namespaceManifest(name: string, runId: string, owner: RunOwner): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: { [MANAGED_BY.key]: MANAGED_BY.value, [RUN_LABEL]: labelValue(runId) },
      annotations: { [OWNER_ANNOTATION]: JSON.stringify({ ...owner, runId }) },
    },
  };
}

export function certSecret(namespace: string, name: string, pem: { cert: string; key: string; ca: string }): Manifest {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, type: 'Opaque', stringData: { 'cert.pem': pem.cert, 'key.pem': pem.key, 'ca.pem': pem.ca } };
}

export function bootstrapConfigMap(namespace: string, name: string, bootstrap: object): Manifest {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: { [BOOTSTRAP_FILE]: JSON.stringify(bootstrap, null, 2) } };
}

/** The sidecar's admin on the pod's address instead of a unix socket (the harness is outside the pod). */
export function adminOnPodAddress(bootstrap: Record<string, unknown>): Record<string, unknown> {
  return { ...bootstrap, admin: { address: { socket_address: { address: '0.0.0.0', port_value: ENVOY_ADMIN_PORT } } } };
}

export interface PodSpecInput {
  readonly namespace: string;
  readonly name: string;
  readonly profile: string;
  readonly role: PodRole;
  readonly labels: Readonly<Record<string, string>>;
  readonly images: ImageRefs;
  readonly imagePullPolicy: 'Never' | 'IfNotPresent' | 'Always';
  /** The app's flags (after the entry); none: no app container (the client sidecar's pod). */
  readonly appArgs?: readonly string[];
  /** The node pool the pod must run in (nodeSelector, tolerations); none: anywhere. */
  readonly pool?: NodePool | undefined;
  /** The sidecar: its bootstrap ConfigMap and certificate Secret; none: no sidecar (baseline). */
  readonly sidecar?: { readonly configMap: string; readonly secret: string; readonly concurrency: number };
  /** Each container's requests/limits (none: BestEffort), and the pod-level limit (`spec.resources`). */
  readonly containerResources?: ContainerResources | undefined;
  readonly podResources?: ContainerResources | undefined;
}

export function deploymentManifest(input: PodSpecInput): Manifest {
  const labels = { ...input.labels, [PROFILE_LABEL]: labelValue(input.profile), [ROLE_LABEL]: input.role };
  const containers: Manifest[] = [];
  if (input.appArgs) containers.push(appContainer(input));
  if (input.sidecar) containers.push(envoyContainer(input, input.sidecar.concurrency));
  const volumes = input.sidecar
    ? [
        { name: 'bootstrap', configMap: { name: input.sidecar.configMap } },
        { name: 'certs', secret: { secretName: input.sidecar.secret, defaultMode: 0o400 } },
      ]
    : [];
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: input.name, namespace: input.namespace, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers,
          volumes,
          ...(input.podResources ? { resources: input.podResources } : {}),
          ...poolPlacement(input.pool),
          terminationGracePeriodSeconds: 2,
          enableServiceLinks: false,
          automountServiceAccountToken: false,
        },
      },
    },
  };
}

/** A pod spec's fields that keep it in its node pool (nodeSelector, tolerations); none: anywhere. */
export function poolPlacement(pool: NodePool | undefined): Manifest {
  return {
    ...(pool && Object.keys(pool.nodeSelector).length > 0 ? { nodeSelector: { ...pool.nodeSelector } } : {}),
    ...(pool && pool.tolerations.length > 0 ? { tolerations: pool.tolerations.map((t) => ({ ...t })) } : {}),
  };
}

function appContainer(input: PodSpecInput): Manifest {
  return {
    name: 'app',
    image: input.images.app,
    imagePullPolicy: input.imagePullPolicy,
    args: [APP_IMAGE_ENTRY, ...(input.appArgs ?? [])],
    ports: [{ name: 'app', containerPort: APP_PORT }],
    ...(input.containerResources ? { resources: input.containerResources } : {}),
    // A mesh pod's app listens on loopback only, where the kubelet cannot probe it; its sidecar's readiness stands for the pod.
    ...(input.sidecar ? {} : { readinessProbe: { tcpSocket: { port: APP_PORT }, periodSeconds: 1 } }),
  };
}

function envoyContainer(input: PodSpecInput, concurrency: number): Manifest {
  return {
    name: 'envoy',
    image: input.images.envoy,
    imagePullPolicy: input.imagePullPolicy,
    command: [ENVOY_IMAGE_ENTRY],
    args: envoyArgs(`${BOOTSTRAP_MOUNT}/${BOOTSTRAP_FILE}`, concurrency),
    ports: [{ name: 'admin', containerPort: ENVOY_ADMIN_PORT }],
    ...(input.containerResources ? { resources: input.containerResources } : {}),
    readinessProbe: { httpGet: { path: '/ready', port: ENVOY_ADMIN_PORT }, periodSeconds: 1 },
    volumeMounts: [
      { name: 'bootstrap', mountPath: BOOTSTRAP_MOUNT, readOnly: true },
      { name: 'certs', mountPath: CERT_MOUNT, readOnly: true },
    ],
  };
}

/** A `kind: List` of manifests, for one `kubectl apply`. */
export function list(items: readonly Manifest[]): Manifest {
  return { apiVersion: 'v1', kind: 'List', items };
}
