/**
 * The objects beside a profile's Deployments (pure): a Service per path — the load calls each
 * path through its ClusterIP, so both paths take the same kube-proxy hop — and a shared-core
 * profile's noisy-neighbour pod, pinned to the server pods' node and bounded in time.
 */
import type { NodePool } from '../../config/index.js';
import type { ImageRefs } from './images.js';
import type { Manifest } from './manifests.js';
import { labelValue, PROFILE_LABEL, ROLE_LABEL } from './names.js';
import { burnerScript } from './resources.js';

export const NEIGHBOUR_ROLE = 'neighbour';

export interface ServiceInput {
  readonly namespace: string;
  readonly name: string;
  /** The pods it selects (their labels). */
  readonly selector: Readonly<Record<string, string>>;
  readonly ports: readonly { readonly name: string; readonly port: number }[];
}

export function serviceManifest(input: ServiceInput): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: input.name, namespace: input.namespace },
    spec: { type: 'ClusterIP', selector: { ...input.selector }, ports: input.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.port, protocol: 'TCP' })) },
  };
}

export interface NeighbourInput {
  readonly namespace: string;
  readonly name: string;
  readonly profile: string;
  /** The server pods' node: the neighbour shares it, as another tenant would. */
  readonly node: string;
  readonly dutyPct: number;
  readonly burners: number;
  /** Ends itself after this; the kubelet also stops the pod then (activeDeadlineSeconds). */
  readonly maxS: number;
  readonly images: ImageRefs;
  readonly imagePullPolicy: 'Never' | 'IfNotPresent' | 'Always';
  readonly pool?: NodePool | undefined;
}

/** BestEffort (no requests or limits), never restarted, one burner container per CPU. */
export function neighbourPodManifest(input: NeighbourInput): Manifest {
  const script = burnerScript(input.dutyPct, input.maxS);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: input.name, namespace: input.namespace, labels: { [PROFILE_LABEL]: labelValue(input.profile), [ROLE_LABEL]: NEIGHBOUR_ROLE } },
    spec: {
      nodeName: input.node,
      restartPolicy: 'Never',
      activeDeadlineSeconds: input.maxS,
      terminationGracePeriodSeconds: 1,
      enableServiceLinks: false,
      automountServiceAccountToken: false,
      ...(input.pool && input.pool.tolerations.length > 0 ? { tolerations: input.pool.tolerations.map((t) => ({ ...t })) } : {}),
      containers: Array.from({ length: input.burners }, (_, i) => ({ name: `burner-${i}`, image: input.images.app, imagePullPolicy: input.imagePullPolicy, args: ['-e', script] })),
    },
  };
}
