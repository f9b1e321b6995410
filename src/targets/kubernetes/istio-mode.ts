/**
 * Istio mode's objects, pure: the scenario's Istio resources moved into the run's namespace (the
 * spec as the user wrote it), the pod labels that ask Istio to inject the mesh pods and leave the
 * baseline alone, the workload's Service and ServiceAccount, and the check that a pod really got
 * Istio's proxy.
 */
import { parseIstioYaml, WORKLOAD_PORT } from '../../scenario/index.js';
import type { Manifest } from './manifests.js';

/** Istio's own opt-out: a baseline pod stays without a sidecar even on a cluster that injects by default. */
export const NO_INJECTION = { key: 'sidecar.istio.io/inject', value: 'false' } as const;
/** The container Istio's injector adds (a native sidecar: an init container with restartPolicy Always). */
export const ISTIO_PROXY = 'istio-proxy';

export interface RunIstioResources {
  readonly manifests: readonly Manifest[];
  /** `PeerAuthentication default`, … in the file's order. */
  readonly names: readonly string[];
  /** What differs from the file beyond the namespace, in plain words. */
  readonly notes: readonly string[];
}

/**
 * Each resource of the scenario's Istio YAML, with `metadata.namespace` set to the run's
 * namespace and nothing else changed. A resource of the mesh root (istio-system) lands in the run's
 * namespace too: there it governs the run's workloads only, never the cluster's other ones.
 */
export function istioResourcesForRun(istioYaml: string, source: string, runNamespace: string, workloadNamespace: string): RunIstioResources {
  const notes: string[] = [];
  const resources = parseIstioYaml(istioYaml, source);
  const manifests = resources.map((r) => {
    const metadata = (r.body.metadata ?? {}) as Record<string, unknown>;
    const from = typeof metadata.namespace === 'string' ? metadata.namespace : workloadNamespace;
    if (from !== workloadNamespace) notes.push(`${r.kind} ${r.name}: from namespace ${from} into the run's namespace (it governs the run's workloads only)`);
    if (JSON.stringify(r.body.spec ?? {}).includes(`.${workloadNamespace}.svc.`)) notes.push(`${r.kind} ${r.name}: names a host in namespace ${workloadNamespace}, which is not the run's namespace; use the short host name`);
    return { ...r.body, metadata: { ...metadata, namespace: runNamespace } } as Manifest;
  });
  return { manifests, names: resources.map((r) => `${r.kind} ${r.name}`), notes };
}

type DeploymentShape = { spec: { template: { metadata: { labels: Record<string, string> }; spec: Record<string, unknown> } } };

/** A Deployment whose pods carry `label` (injection on or off), and, when given, run as `serviceAccount`. */
export function withPodLabel(deployment: Manifest, label: { readonly key: string; readonly value: string }, serviceAccount?: string): Manifest {
  const d = deployment as unknown as DeploymentShape;
  const template = d.spec.template;
  return {
    ...deployment,
    spec: {
      ...d.spec,
      template: {
        ...template,
        metadata: { ...template.metadata, labels: { ...template.metadata.labels, [label.key]: label.value } },
        spec: serviceAccount ? { ...template.spec, serviceAccountName: serviceAccount } : template.spec,
      },
    },
  };
}

/** The workload's Service: what Istio's routes (VirtualService hosts, DestinationRule subsets) resolve. */
export function workloadService(namespace: string, serviceName: string, protocol: 'http' | 'grpc', selector: Readonly<Record<string, string>>): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: serviceName, namespace },
    // The port's name tells Istio the protocol.
    spec: { selector: { ...selector }, ports: [{ name: protocol === 'grpc' ? 'grpc' : 'http', port: WORKLOAD_PORT, targetPort: WORKLOAD_PORT }] },
  };
}

/** The identity Istio gives the mesh pods (spiffe://…/sa/<serviceName>), as the local target's certificates do. */
export function workloadServiceAccount(namespace: string, serviceName: string): Manifest {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: serviceName, namespace } };
}

interface PodContainers {
  readonly metadata: { readonly name: string };
  readonly spec: { readonly containers?: readonly { name: string }[]; readonly initContainers?: readonly { name: string }[] };
}

/** The pods (by name) that have no istio-proxy container, as a sidecar or a native (init) sidecar. */
export function podsWithoutIstioProxy(pods: readonly PodContainers[]): string[] {
  return pods.filter((p) => ![...(p.spec.containers ?? []), ...(p.spec.initContainers ?? [])].some((c) => c.name === ISTIO_PROXY)).map((p) => p.metadata.name);
}
