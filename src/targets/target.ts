import type { LoadAgent } from '../load/index.js';
import type { WorkloadCert } from '../pki/index.js';
import type { CommandWrapper } from '../process/child.js';
import type { EnvoySidecar } from '../sidecar/index.js';

export type ProcessRole = 'envoy-client' | 'envoy-server' | 'app' | 'load' | 'neighbour';

export interface DeployedProcess {
  readonly pid: number;
  readonly role: ProcessRole;
  readonly name: string;
}

/** A "node" of the local target: where its processes run and how they are reached. */
export interface NodeRuntime {
  readonly name: 'client' | 'server';
  /** The address the node's listeners bind to and other nodes reach it by. */
  readonly address: string;
  /** The CPUs the node's processes are pinned to, as a cpuset list; undefined: not pinned. */
  readonly cpus: string | undefined;
  readonly wrap: CommandWrapper;
}

export interface Fidelity {
  readonly level: 'full' | 'reduced';
  readonly reason: string;
}

/** Baseline and mesh side by side for one node profile, health-checked, ready for load. */
export interface Deployment {
  readonly profile: string;
  readonly endpoints: { readonly baseline: string; readonly mesh: string };
  /** The client sidecar's churn listener (short-lived sidecar-to-sidecar connections), when asked for. */
  readonly meshChurnEndpoint: string | undefined;
  readonly sidecars: readonly EnvoySidecar[];
  readonly agent: LoadAgent;
  readonly processes: readonly DeployedProcess[];
  readonly nodes: { readonly client: NodeRuntime; readonly server: NodeRuntime };
  readonly fidelity: Fidelity;
  /** Sidecar → server address, for the mTLS checks. */
  readonly serverSidecars: Readonly<Record<string, { readonly address: string; readonly port: number }>>;
  /** Where the run's certificates are, for the mTLS checks (removed after the run). */
  readonly pki: {
    readonly caPath: string;
    readonly workloads: readonly WorkloadCert[];
    readonly foreign?: { readonly caPath: string; readonly workload: WorkloadCert } | undefined;
  };
}
