/**
 * The seam between the run and where it runs. `run/` talks to a target only through `Target`;
 * `local/` implements it with processes, namespaces and cgroups on this machine. A second target
 * (Kubernetes) implements the same interface.
 */
import type { NodeProfile } from '../config/index.js';
import type { LoadAgent } from '../load/index.js';
import type { WorkloadCert } from '../pki/index.js';
import type { NodeFiles, ProcessSpec } from '../probes/index.js';
import type { CommandWrapper, RunContext } from '../process/index.js';
import type { ProfileSetup, TargetRecord } from '../record/index.js';
import type { LoadedScenario } from '../scenario/index.js';
import type { EnvoySidecar } from '../sidecar/index.js';
import type { ZtunnelBinary } from '../ztunnel/index.js';

export interface Target {
  readonly name: 'local' | 'kubernetes';
  /**
   * Removes what runs killed outright (kill -9, a lost machine) left behind, never a live run's;
   * one line per run cleaned.
   */
  sweepLeftovers(): Promise<string[]>;
  /** Starts a run on the target; whatever it creates is registered with `ctx` for teardown. */
  open(ctx: RunContext): Promise<TargetRun>;
}

export interface TargetRun {
  /** Deploys one node profile: nodes, workloads, sidecars and the load agent, health-checked. */
  deployProfile(request: ProfileRequest): Promise<DeployedProfile>;
  /** Where the run runs, for the record (absent: the local target); read when the record is built. */
  describe?(): TargetRecord;
}

export interface ProfileRequest {
  readonly profile: string;
  readonly definition: NodeProfile;
  readonly loaded: LoadedScenario;
  readonly envoyBinary: string;
  /** What carries the mesh path: Envoy sidecars (default) or ztunnels (Istio ambient, L4). */
  readonly dataPlane?: 'sidecar' | 'ambient';
  /** Needed for `dataPlane: ambient`. */
  readonly ztunnel?: ZtunnelBinary | undefined;
}

export interface DeployedProfile {
  readonly deployment: Deployment;
  /** How the profile was set up, as the record states it. */
  readonly setup: ProfileSetup;
  /** What the probes watch beside each trial. */
  readonly watch: ProbeWatch;
}

/** What the run needs of a sidecar: its name, the configuration it runs with, and its stats (admin). */
export type SidecarHandle = Pick<EnvoySidecar, 'name' | 'config' | 'stats'>;

export interface ProbeWatch {
  /** A process that names a `node` is read through that node's entry in `nodes`; else from this host's /proc. */
  readonly processes: readonly ProcessSpec[];
  /** Node cgroups, relative to their hierarchy's root, for the throttling probe; read as the processes are. */
  readonly cgroups: readonly { readonly cgroup: string; readonly name: string; readonly node?: string }[];
  /** Node name → where its /proc and cgroup files are read (a cluster node's probe pod); absent: all on this host. */
  readonly nodes?: Readonly<Record<string, NodeFiles>>;
}

export type ProcessRole = 'envoy-client' | 'envoy-server' | 'ztunnel-client' | 'ztunnel-server' | 'app' | 'load' | 'neighbour';

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
  /** Client node: where the load agent runs (its own CPUs where the machine has them); default `cpus`/`wrap`. */
  readonly agentCpus?: string | undefined;
  readonly agentWrap?: CommandWrapper;
}

export interface Fidelity {
  readonly level: 'full' | 'reduced';
  readonly reason: string;
}

/** Istio-style capture in the node namespaces (scenario `sidecar.interception: iptables`). */
export interface DeployedInterception {
  /** The service address the app side calls, as with no mesh (the server pod's address and port). */
  readonly service: { readonly address: string; readonly port: number };
  /** The group the sidecars run as; the capture rules let its traffic through. */
  readonly proxyGid: number;
  /**
   * How to start a command on the client node outside its capture (as the proxy group): a client
   * that is not in the mesh, for the bypass check.
   */
  readonly wrapUncaptured: CommandWrapper;
  /** Packets that hit each node's redirect rules so far. */
  counters(): Promise<{ readonly client: CaptureCounts; readonly server: CaptureCounts }>;
}

export interface CaptureCounts {
  readonly outboundRedirectPackets: number;
  readonly inboundRedirectPackets: number;
}

export interface DeployedTelemetry {
  readonly accessLogs: readonly string[];
  readonly collector?: { counts(): Promise<{ readonly spans: number; readonly posts: number; readonly rejected: number }> } | undefined;
}

/** Baseline and mesh side by side for one node profile, health-checked, ready for load. */
export interface Deployment {
  readonly profile: string;
  readonly endpoints: { readonly baseline: string; readonly mesh: string };
  /** The client sidecar's churn listener (short-lived sidecar-to-sidecar connections), when asked for. */
  readonly meshChurnEndpoint: string | undefined;
  readonly sidecars: readonly SidecarHandle[];
  readonly agent: LoadAgent;
  readonly processes: readonly DeployedProcess[];
  readonly nodes: { readonly client: NodeRuntime; readonly server: NodeRuntime };
  readonly fidelity: Fidelity;
  /** What Telemetry turned on: the sidecars' access log files, the run's trace collector. */
  readonly telemetry: DeployedTelemetry;
  /** Present when traffic is captured by iptables as in Istio. */
  readonly interception?: DeployedInterception | undefined;
  /** Present when the mesh path is Istio ambient (a ztunnel per node) instead of sidecars. */
  readonly ambient?: DeployedAmbient | undefined;
  /** Sidecar → server address, for the mTLS checks. */
  readonly serverSidecars: Readonly<Record<string, { readonly address: string; readonly port: number }>>;
  /** Where the run's certificates are, for the mTLS checks (removed after the run). */
  readonly pki: {
    readonly caPath: string;
    readonly workloads: readonly WorkloadCert[];
    readonly foreign?: { readonly caPath: string; readonly workload: WorkloadCert } | undefined;
  };
}

/** The ambient data plane as deployed: a ztunnel per node, HBONE between them. */
export interface DeployedAmbient {
  readonly ztunnels: readonly { readonly name: string; readonly node: 'client' | 'server'; readonly statsUrl: string; readonly logFile: string }[];
  /** The server ztunnel's HBONE listener (mTLS, HTTP CONNECT). */
  readonly hbone: { readonly address: string; readonly port: number };
  /** The server app's port as the mesh path calls it (captured inbound, so only ztunnel may deliver). */
  readonly service: { readonly address: string; readonly port: number };
  /** PeerAuthentication of the workload's port: STRICT refuses what does not come through HBONE. */
  readonly mode: 'STRICT' | 'PERMISSIVE' | 'DISABLE';
  /** The SPIFFE ids the ztunnels are expected to present (issued by ztunnel's compiled-in test CA). */
  readonly identities: { readonly client: string; readonly server: string };
}
