/**
 * The run's pods as the API server sees them: waiting until a Deployment's pod is Ready (and
 * failing early, with the kubelet's reason, when it cannot become so), its address, node and
 * containers.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { EnvironmentError } from '../../errors.js';
import type { Kubectl } from './kubectl.js';

const ContainerStatusSchema = z.object({
  name: z.string(),
  ready: z.boolean().optional(),
  containerID: z.string().optional(),
  restartCount: z.number().optional(),
  state: z.object({ waiting: z.object({ reason: z.string().optional(), message: z.string().optional() }).optional() }).partial().optional(),
});

const ResourcesSchema = z.object({ requests: z.record(z.string(), z.string()).optional(), limits: z.record(z.string(), z.string()).optional() });
export type PodResources = z.infer<typeof ResourcesSchema>;

const PodSchema = z.object({
  metadata: z.object({ name: z.string(), uid: z.string(), deletionTimestamp: z.string().optional() }),
  spec: z.object({
    nodeName: z.string().optional(),
    resources: ResourcesSchema.optional(),
    containers: z.array(z.object({ name: z.string(), resources: ResourcesSchema.optional() })).optional(),
  }),
  status: z
    .object({
      phase: z.string().optional(),
      qosClass: z.string().optional(),
      podIP: z.string().optional(),
      conditions: z.array(z.object({ type: z.string(), status: z.string(), reason: z.string().optional(), message: z.string().optional() })).optional(),
      containerStatuses: z.array(ContainerStatusSchema).optional(),
    })
    .optional(),
});
const PodListSchema = z.object({ items: z.array(PodSchema) });
type Pod = z.infer<typeof PodSchema>;

export interface ReadyPod {
  readonly name: string;
  readonly uid: string;
  readonly ip: string;
  readonly node: string;
  /** Container name → the runtime's container id (without the `containerd://` scheme). */
  readonly containers: Readonly<Record<string, string>>;
  /** The QoS class the API server gave the pod (Guaranteed, Burstable, BestEffort). */
  readonly qosClass: string | null;
  /** The pod-level resources and each container's, as the API server kept them. */
  readonly resources: { readonly pod: PodResources | null; readonly containers: Readonly<Record<string, PodResources>> };
}

/** Waiting reasons that never resolve by themselves: stop waiting and say why. */
const HOPELESS = new Set(['ErrImageNeverPull', 'ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'CreateContainerConfigError', 'CreateContainerError', 'CrashLoopBackOff', 'RunContainerError']);

export async function waitPodReady(kube: Kubectl, namespace: string, selector: string, timeoutMs: number, signal?: AbortSignal): Promise<ReadyPod> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no pod yet';
  while (Date.now() < deadline) {
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('interrupted');
    const pods = PodListSchema.parse(await kube.json(['get', 'pods', '-n', namespace, '-l', selector])).items.filter((p) => !p.metadata.deletionTimestamp);
    for (const pod of pods) {
      const ready = readyPod(pod);
      if (ready) return ready;
      const hopeless = hopelessReason(pod);
      if (hopeless) throw new EnvironmentError(`pod ${namespace}/${pod.metadata.name} cannot start: ${hopeless}`, hint(hopeless));
      last = describePod(pod);
    }
    await sleep(300);
  }
  throw new EnvironmentError(`no pod matching ${selector} in ${namespace} was Ready within ${timeoutMs / 1000} s (last: ${last})`, 'Look at `kubectl describe pods -n <namespace>` while the run waits; the node may lack CPU or memory.');
}

function readyPod(pod: Pod): ReadyPod | undefined {
  const ready = pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
  if (!ready || !pod.status?.podIP || !pod.spec.nodeName) return undefined;
  const containers = Object.fromEntries((pod.status.containerStatuses ?? []).map((c) => [c.name, (c.containerID ?? '').replace(/^[a-z]+:\/\//, '')]));
  const resources = { pod: pod.spec.resources ?? null, containers: Object.fromEntries((pod.spec.containers ?? []).map((c) => [c.name, c.resources ?? {}])) };
  return { name: pod.metadata.name, uid: pod.metadata.uid, ip: pod.status.podIP, node: pod.spec.nodeName, containers, qosClass: pod.status.qosClass ?? null, resources };
}

export function hopelessReason(pod: Pod): string | undefined {
  for (const c of pod.status?.containerStatuses ?? []) {
    const waiting = c.state?.waiting;
    if (waiting?.reason && HOPELESS.has(waiting.reason)) return `container ${c.name}: ${waiting.reason}${waiting.message ? ` (${waiting.message.split('\n')[0]})` : ''}`;
  }
  const unschedulable = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable');
  return unschedulable ? `unschedulable: ${unschedulable.message ?? ''}` : undefined;
}

function hint(reason: string): string {
  if (/ErrImageNeverPull|ErrImagePull|ImagePullBackOff/.test(reason)) return 'Build and import the images first: `npm run cluster:images` for the local cluster (docs/KUBERNETES.md).';
  if (/Insufficient (cpu|memory)/.test(reason)) return 'A dedicated profile asks requests = limits per container (default 1 CPU, 256 MiB; 4 containers for one version), and the load-agent pod 100m CPU and 64 MiB on the client pool: lower targets.kubernetes.resources (cpuPerContainer, memoryMiBPerContainer) in bench.config.ts, or use larger nodes.';
  return 'See `kubectl logs` / `kubectl describe pod` in the run namespace while the run waits.';
}

function describePod(pod: Pod): string {
  const waiting = (pod.status?.containerStatuses ?? []).map((c) => c.state?.waiting?.reason).filter(Boolean);
  return `${pod.metadata.name} ${pod.status?.phase ?? 'Pending'}${waiting.length ? ` (${waiting.join(', ')})` : ''}`;
}
