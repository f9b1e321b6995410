/**
 * The mesh policy of a scenario, in meshtax's own terms: what the Istio resources of the scenario
 * mean for the sidecars, independent of ports and processes. The local target turns it into Envoy
 * bootstraps; the Kubernetes target applies the Istio YAML it came from as it is.
 */
export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';
export type ClientTlsMode = 'ISTIO_MUTUAL' | 'DISABLE';
export type LoadBalancer = 'ROUND_ROBIN' | 'LEAST_REQUEST' | 'RANDOM';

/** What the server sidecar of a workload accepts (PeerAuthentication). */
export interface InboundPolicy {
  readonly mode: MtlsMode;
  /** Per-port overrides (`portLevelMtls`), keyed by the workload's container port. */
  readonly portModes: Readonly<Record<number, MtlsMode>>;
}

export interface Subset {
  readonly name: string;
  /** The `version` label the subset selects. */
  readonly version: string;
}

export interface HeaderMatch {
  readonly name: string;
  readonly exact?: string;
  readonly prefix?: string;
  readonly regex?: string;
}

export interface RouteMatch {
  readonly uriPrefix?: string;
  readonly uriExact?: string;
  readonly headers: readonly HeaderMatch[];
}

export interface WeightedDestination {
  /** A subset name, or '' for the whole service (every deployed version). */
  readonly subset: string;
  readonly weight: number;
}

export interface FaultPolicy {
  readonly delay?: { readonly fixedDelayMs: number; readonly percent: number };
  readonly abort?: { readonly httpStatus: number; readonly percent: number };
}

export interface RetryPolicy {
  readonly attempts: number;
  readonly perTryTimeoutMs?: number;
  /** Envoy `retry_on` conditions, comma-separated. */
  readonly retryOn?: string;
  /** HTTP status codes retried under `retriable-status-codes` (Istio accepts them in `retryOn`). */
  readonly retriableStatusCodes?: readonly number[];
}

export interface HttpRoute {
  readonly name: string;
  /** Empty means "every request". Matches are OR-ed, as in a VirtualService. */
  readonly matches: readonly RouteMatch[];
  readonly destinations: readonly WeightedDestination[];
  readonly timeoutMs?: number;
  readonly retries?: RetryPolicy;
  readonly fault?: FaultPolicy;
}

export interface ConnectionPool {
  readonly maxConnections?: number;
  readonly connectTimeoutMs?: number;
  readonly http1MaxPendingRequests?: number;
  readonly http2MaxRequests?: number;
  readonly maxRequestsPerConnection?: number;
}

/** What the client sidecar does with a request for the service (DestinationRule + VirtualService). */
export interface OutboundPolicy {
  readonly tlsMode: ClientTlsMode;
  readonly subsets: readonly Subset[];
  readonly routes: readonly HttpRoute[];
  readonly connectionPool?: ConnectionPool;
  readonly loadBalancer?: LoadBalancer;
}

export interface MeshPolicy {
  /** Inbound policy per workload version (v1, v2, …). */
  readonly inbound: Readonly<Record<string, InboundPolicy>>;
  readonly outbound: OutboundPolicy;
  /** Telemetry; empty: none of Istio's telemetry beyond Envoy's own stats. */
  readonly telemetry?: TelemetryPolicy;
  /** AuthorizationPolicies for the service's pods (none: everything allowed). */
  readonly authorization?: readonly AuthorizationPolicy[];
  /** Sidecar egress of the client. */
  readonly egress?: EgressPolicy;
}

/** Which sidecars a Telemetry resource applies to: both (no selector) or the service's only. */
export type TelemetryScope = 'all' | 'server';

/** Telemetry → what the sidecars log, trace and count. */
export interface TelemetryPolicy {
  /** Access log per sidecar scope; undefined: off (Istio's default profile). */
  readonly accessLog?: { readonly scope: TelemetryScope; readonly format: 'text' | 'json' };
  /** Tracing to the run's Zipkin-compatible collector; undefined: no tracer. */
  readonly tracing?: { readonly scope: TelemetryScope; readonly samplingPct: number };
  /** Metrics switched off by an override (`disabled: true` for ALL_METRICS). */
  readonly metricsDisabled?: { readonly scope: TelemetryScope };
}

export interface StringMatch {
  readonly exact?: string;
  readonly prefix?: string;
  readonly suffix?: string;
}

/** One rule of an AuthorizationPolicy: every field given must match; within a list, any entry. */
export interface AuthorizationRule {
  /** SPIFFE ids (`spiffe://<principal>`) the request's peer certificate may carry; empty: any. */
  readonly principals: readonly StringMatch[];
  readonly notPrincipals: readonly StringMatch[];
  readonly paths: readonly StringMatch[];
  readonly notPaths: readonly StringMatch[];
  readonly methods: readonly string[];
  readonly notMethods: readonly string[];
}

/** AuthorizationPolicy → the server sidecar's RBAC filters (DENY before ALLOW, as Istio). */
export interface AuthorizationPolicy {
  readonly name: string;
  readonly action: 'ALLOW' | 'DENY';
  /** No rules: an ALLOW policy allows nothing; a DENY policy denies nothing. */
  readonly rules: readonly AuthorizationRule[];
}

/** Sidecar → the client sidecar's egress: what it may reach besides the scenario's service. */
export interface EgressPolicy {
  /** REGISTRY_ONLY: anything not in the registry goes to the black hole instead of passthrough. */
  readonly registryOnly: boolean;
}

export interface MeshPolicyExtras {
  readonly telemetry: TelemetryPolicy;
  readonly authorization: readonly AuthorizationPolicy[];
  readonly egress: EgressPolicy;
}
