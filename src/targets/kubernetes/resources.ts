/**
 * A node profile as pod resources (pure). The local target's meaning, on pods:
 * - dedicated: every container gets requests = limits (CPU and memory) — Guaranteed QoS; whole
 *   CPUs, which the kubelet's static CPU manager (where it runs) pins to exclusive cores.
 * - shared-core: the server side of each path (the baseline pod, and each mesh server pod: app +
 *   sidecar) gets a pod-level CPU limit of `quotaPct` % of one CPU, as the local server node's
 *   cgroup gets that CFS quota; a noisy-neighbour pod on the same node burns `neighbourDutyPct` %
 *   of each 10 ms. The client sidecar stays unlimited, as the local client node does (a starved
 *   load side would measure itself). The baseline pod gets the same limit as the mesh server pod:
 *   locally both apps live under the server node's one quota, and the paths are measured in turn.
 */
import type { NodeProfile } from '../../config/index.js';
import { SHARED_CORE_DEFAULT_NEIGHBOUR_DUTY_PCT, SHARED_CORE_DEFAULT_QUOTA_PCT } from '../local/nodes.js';
import type { ContainerResources, PodRole } from './manifests.js';

export const DEFAULT_CPU_PER_CONTAINER = 1;
export const DEFAULT_MEMORY_MIB_PER_CONTAINER = 256;
export const NEIGHBOUR_PERIOD_MS = 10;

export interface ResourceSettings {
  readonly cpuPerContainer?: number | undefined;
  readonly memoryMiBPerContainer?: number | undefined;
}

/** What one profile puts on its pods: per container, per pod, and its neighbour. */
export interface ProfileResources {
  readonly kind: NodeProfile['kind'];
  /** Each container of a pod of this role (absent: none, BestEffort). */
  container(role: PodRole): ContainerResources | undefined;
  /** The pod-level limit of a pod of this role (`spec.resources`; absent: none). */
  pod(role: PodRole): ContainerResources | undefined;
  readonly quotaPct: number | undefined;
  readonly neighbourDutyPct: number;
  /** One line for the record: what the pods got. */
  readonly summary: string;
}

/** Kubernetes CPU quantity: whole CPUs as integers, else millicores. */
export const cpuQuantity = (cpus: number): string => (Number.isInteger(cpus) ? String(cpus) : `${Math.round(cpus * 1000)}m`);

export function profileResources(profile: NodeProfile, settings: ResourceSettings = {}): ProfileResources {
  const shared = profile.kind === 'shared-core';
  const quotaPct = profile.quotaPct ?? (shared ? SHARED_CORE_DEFAULT_QUOTA_PCT : undefined);
  const neighbourDutyPct = profile.neighbourDutyPct ?? (shared ? SHARED_CORE_DEFAULT_NEIGHBOUR_DUTY_PCT : 0);
  if (!shared) {
    const cpus = settings.cpuPerContainer ?? DEFAULT_CPU_PER_CONTAINER;
    const memoryMiB = settings.memoryMiBPerContainer ?? DEFAULT_MEMORY_MIB_PER_CONTAINER;
    const guaranteed = { cpu: cpuQuantity(cpus), memory: `${memoryMiB}Mi` };
    const whole = Number.isInteger(cpus) ? 'whole CPUs' : 'a fraction of a CPU: never pinned by a static CPU manager';
    return {
      kind: profile.kind,
      container: () => ({ requests: guaranteed, limits: guaranteed }),
      pod: () => undefined,
      quotaPct: undefined,
      neighbourDutyPct: 0,
      summary: `Guaranteed QoS: every container requests = limits = ${guaranteed.cpu} CPU (${whole}), ${guaranteed.memory}`,
    };
  }
  const limit = quotaPct === undefined ? undefined : { limits: { cpu: cpuQuantity(quotaPct / 100) } };
  return {
    kind: profile.kind,
    container: () => undefined,
    pod: (role) => (role === 'client' ? undefined : limit),
    quotaPct,
    neighbourDutyPct,
    summary: `${limit ? `pod CPU limit ${limit.limits.cpu} (CFS quota ${quotaPct}% of a CPU) on the baseline and mesh server pods, none on the client sidecar` : 'no CPU limit'}; ${neighbourDutyPct > 0 ? `noisy-neighbour pod at ${neighbourDutyPct}% duty on the server pods' node` : 'no noisy neighbour'}`,
  };
}

/** How many burners: one per CPU the server pod may use (its limit, rounded up), as locally one per CPU of the server node. */
export const neighbourBurners = (quotaPct: number | undefined): number => Math.max(1, Math.ceil((quotaPct ?? 100) / 100));

/**
 * The burner's body for `node -e`: spins `dutyPct` % of every window and sleeps the rest, ends
 * after `maxS` (the run's maximum; the pod's activeDeadlineSeconds bounds it too). Mirrors
 * src/targets/local/neighbour-burner.ts (the app image holds node, not that file).
 */
export function burnerScript(dutyPct: number, maxS: number): string {
  return [
    `const busy=${(NEIGHBOUR_PERIOD_MS * dutyPct) / 100},period=${NEIGHBOUR_PERIOD_MS},end=performance.now()+${maxS * 1000};`,
    'const s=new Int32Array(new SharedArrayBuffer(4));let w=performance.now();',
    'while(w<end){const until=performance.now()+busy;while(performance.now()<until){}',
    'w+=period;const idle=w-performance.now();if(idle>0)Atomics.wait(s,0,0,idle);else if(idle<-period)w=performance.now();}',
  ].join('');
}
