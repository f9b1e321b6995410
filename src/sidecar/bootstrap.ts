/**
 * Pure Envoy bootstrap generation: a client sidecar (outbound, beside the load) and a server
 * sidecar per workload (inbound, beside the app), configured as Istio would from the mesh policy.
 * The configuration is deliberately minimal (HTTP connection manager, optional fault filter,
 * router): what the tax is measured with is stated in the result, as the Envoy FAQ advises.
 */
import type { HttpRoute, InboundPolicy, MtlsMode, OutboundPolicy } from '../scenario/policy.js';
import type { HttpExtras } from './http-extras.js';
import { TYPE } from './type-urls.js';

export { TYPE };

export type Protocol = 'http' | 'grpc';
export interface SocketAddress {
  readonly address: string;
  readonly port: number;
}
export interface TlsFiles {
  readonly certChainPath: string;
  readonly privateKeyPath: string;
  readonly trustedCaPath: string;
}
export type EnvoyBootstrap = Record<string, unknown>;

export interface ClientSidecarSpec {
  readonly nodeId: string;
  /** Envoy's admin listens on this unix socket only. */
  readonly adminSocket: string;
  readonly listen: SocketAddress;
  readonly protocol: Protocol;
  readonly serviceName: string;
  readonly servicePort: number;
  readonly policy: OutboundPolicy;
  readonly tls: TlsFiles;
  /** The SPIFFE id the server sidecars must present. */
  readonly serverSpiffeId: string;
  /** Where each version's server sidecar listens. */
  readonly upstreams: Readonly<Record<string, SocketAddress>>;
  /**
   * A second outbound listener whose upstream (sidecar-to-sidecar) connections carry at most
   * `requestsPerConnection` requests each, for measuring connection setup (mTLS handshakes).
   */
  readonly churn?: { readonly listen: SocketAddress; readonly requestsPerConnection: number };
  /** The workload's Kubernetes namespace (default `default`). */
  readonly namespace?: string;
  /** Lay the sidecar out as Istio does, for captured traffic (see istio-layout.ts); `listen` and `churn` are then unused. */
  readonly istio?: { readonly service: SocketAddress; readonly registryOnly?: boolean };
  /** What Telemetry adds (both layouts). */
  readonly extras?: HttpExtras;
}

/** The clusters behind the churn listener: same endpoints, short-lived connections. */
export const CHURN_CLUSTER_PREFIX = 'churn|';

interface ClusterFlavour {
  readonly prefix: string;
  readonly maxRequestsPerConnection: number | undefined;
}

export interface ServerSidecarSpec {
  readonly nodeId: string;
  /** Envoy's admin listens on this unix socket only. */
  readonly adminSocket: string;
  readonly listen: SocketAddress;
  readonly protocol: Protocol;
  readonly servicePort: number;
  readonly inbound: InboundPolicy;
  readonly app: SocketAddress;
  readonly tls: TlsFiles;
  readonly trustDomain: string;
  readonly namespace?: string;
  /** Lay the sidecar out as Istio does, for captured traffic: `listen` is then unused (15006). */
  readonly istio?: boolean;
  /** What Telemetry and AuthorizationPolicy add (both layouts). */
  readonly extras?: HttpExtras;
}


export const socketAddress = (a: SocketAddress) => ({ socket_address: { address: a.address, port_value: a.port } });

export const admin = (socketPath: string) => ({ address: { pipe: { path: socketPath, mode: 0o600 } } });

export const durationMs = (ms: number) => `${(ms / 1000).toFixed(3)}s`;

/** The cluster name Istio would give a subset of a service, e.g. `outbound|8080|v1|sample-api`. */
export function outboundClusterName(servicePort: number, subset: string, serviceName: string): string {
  return `outbound|${servicePort}|${subset}|${serviceName}`;
}

export function inboundClusterName(servicePort: number): string {
  return `inbound|${servicePort}||`;
}

export function certificate(tls: TlsFiles) {
  return {
    tls_certificates: [
      { certificate_chain: { filename: tls.certChainPath }, private_key: { filename: tls.privateKeyPath } },
    ],
  };
}

export function protocolOptions(protocol: Protocol, maxRequestsPerConnection?: number) {
  const common = maxRequestsPerConnection ? { common_http_protocol_options: { max_requests_per_connection: maxRequestsPerConnection } } : {};
  const explicit = protocol === 'grpc' ? { http2_protocol_options: {} } : { http_protocol_options: {} };
  return {
    'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
      '@type': TYPE.httpProtocolOptions,
      ...common,
      explicit_http_config: explicit,
    },
  };
}

export function httpConnectionManager(statPrefix: string, routeConfig: object, withFault: boolean, protocol: Protocol, extras: HttpExtras = {}) {
  const filters = [
    ...(extras.rbac ?? []).map((typed_config) => ({ name: 'envoy.filters.http.rbac', typed_config })),
    ...(withFault ? [{ name: 'envoy.filters.http.fault', typed_config: { '@type': TYPE.fault } }] : []),
    { name: 'envoy.filters.http.router', typed_config: { '@type': TYPE.router } },
  ];
  return {
    name: 'envoy.filters.network.http_connection_manager',
    typed_config: {
      '@type': TYPE.hcm,
      stat_prefix: statPrefix,
      codec_type: protocol === 'grpc' ? 'HTTP2' : 'AUTO',
      route_config: routeConfig,
      http_filters: filters,
      ...(extras.accessLog ? { access_log: [extras.accessLog] } : {}),
      ...(extras.tracing ? { tracing: extras.tracing } : {}),
    },
  };
}

function routeMatches(route: HttpRoute): object[] {
  if (route.matches.length === 0) return [{ prefix: '/' }];
  return route.matches.map((m) => ({
    ...(m.uriExact !== undefined ? { path: m.uriExact } : { prefix: m.uriPrefix ?? '/' }),
    ...(m.headers.length > 0
      ? {
          headers: m.headers.map((h) => ({
            name: h.name,
            string_match:
              h.exact !== undefined ? { exact: h.exact } : h.prefix !== undefined ? { prefix: h.prefix } : { safe_regex: { regex: h.regex ?? '.*' } },
          })),
        }
      : {}),
  }));
}

function routeAction(route: HttpRoute, clusterOf: (subset: string) => string) {
  const [only, ...more] = route.destinations;
  const target =
    only && more.length === 0
      ? { cluster: clusterOf(only.subset) }
      : { weighted_clusters: { clusters: route.destinations.map((d) => ({ name: clusterOf(d.subset), weight: d.weight })) } };
  return {
    ...target,
    timeout: route.timeoutMs !== undefined ? durationMs(route.timeoutMs) : '0s',
    ...(route.retries
      ? {
          retry_policy: {
            retry_on: route.retries.retryOn ?? 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
            num_retries: route.retries.attempts,
            ...(route.retries.retriableStatusCodes ? { retriable_status_codes: route.retries.retriableStatusCodes } : {}),
            ...(route.retries.perTryTimeoutMs !== undefined ? { per_try_timeout: durationMs(route.retries.perTryTimeoutMs) } : {}),
          },
        }
      : {}),
  };
}

const percent = (p: number) => ({ numerator: Math.round(p * 10_000), denominator: 'MILLION' });

function faultConfig(route: HttpRoute) {
  const { delay, abort } = route.fault ?? {};
  return {
    'envoy.filters.http.fault': {
      '@type': TYPE.fault,
      ...(delay ? { delay: { fixed_delay: durationMs(delay.fixedDelayMs), percentage: percent(delay.percent) } } : {}),
      ...(abort ? { abort: { http_status: abort.httpStatus, percentage: percent(abort.percent) } } : {}),
    },
  };
}

export function outboundRoutes(spec: ClientSidecarSpec, flavour: ClusterFlavour) {
  const clusterOf = (subset: string) => flavour.prefix + outboundClusterName(spec.servicePort, subset, spec.serviceName);
  return spec.policy.routes.flatMap((route) =>
    routeMatches(route).map((match, i) => ({
      name: `${route.name}-${i}`,
      match: match,
      route: routeAction(route, clusterOf),
      ...(route.fault ? { typed_per_filter_config: faultConfig(route) } : {}),
    })),
  );
}

function upstreamTls(spec: ClientSidecarSpec, subset: string) {
  return {
    name: 'envoy.transport_sockets.tls',
    typed_config: {
      '@type': TYPE.upstreamTls,
      sni: `${outboundClusterName(spec.servicePort, subset, spec.serviceName).replaceAll('|', '_.')}`,
      common_tls_context: {
        ...certificate(spec.tls),
        alpn_protocols: spec.protocol === 'grpc' ? ['istio', 'h2'] : ['istio', 'http/1.1'],
        validation_context: {
          trusted_ca: { filename: spec.tls.trustedCaPath },
          match_typed_subject_alt_names: [{ san_type: 'URI', matcher: { exact: spec.serverSpiffeId } }],
        },
      },
    },
  };
}

const LB_POLICY: Record<string, string> = { ROUND_ROBIN: 'ROUND_ROBIN', LEAST_REQUEST: 'LEAST_REQUEST', RANDOM: 'RANDOM' };

function outboundCluster(spec: ClientSidecarSpec, subset: string, endpoints: SocketAddress[], flavour: ClusterFlavour) {
  const pool = spec.policy.connectionPool;
  const name = flavour.prefix + outboundClusterName(spec.servicePort, subset, spec.serviceName);
  return {
    name,
    type: 'STATIC',
    connect_timeout: durationMs(pool?.connectTimeoutMs ?? 10_000),
    lb_policy: LB_POLICY[spec.policy.loadBalancer ?? 'ROUND_ROBIN'],
    load_assignment: {
      cluster_name: name,
      endpoints: [{ lb_endpoints: endpoints.map((e) => ({ endpoint: { address: socketAddress(e) } })) }],
    },
    typed_extension_protocol_options: protocolOptions(spec.protocol, flavour.maxRequestsPerConnection),
    ...(pool && (pool.maxConnections ?? pool.http1MaxPendingRequests ?? pool.http2MaxRequests)
      ? {
          circuit_breakers: {
            thresholds: [
              {
                ...(pool.maxConnections ? { max_connections: pool.maxConnections } : {}),
                ...(pool.http1MaxPendingRequests ? { max_pending_requests: pool.http1MaxPendingRequests } : {}),
                ...(pool.http2MaxRequests ? { max_requests: pool.http2MaxRequests } : {}),
              },
            ],
          },
        }
      : {}),
    ...(spec.policy.tlsMode === 'ISTIO_MUTUAL' ? { transport_socket: upstreamTls(spec, subset) } : {}),
  };
}

function outboundListener(name: string, spec: ClientSidecarSpec, listen: SocketAddress, flavour: ClusterFlavour) {
  const routeConfig = { name, virtual_hosts: [{ name: spec.serviceName, domains: ['*'], routes: outboundRoutes(spec, flavour) }] };
  const withFault = spec.policy.routes.some((r) => r.fault);
  return { name, address: socketAddress(listen), filter_chains: [{ filters: [httpConnectionManager(name, routeConfig, withFault, spec.protocol, { ...spec.extras, rbac: undefined })] }] };
}

export function outboundClusters(spec: ClientSidecarSpec, flavour: ClusterFlavour) {
  const subsets = spec.policy.subsets.map((s) => {
    const upstream = spec.upstreams[s.version];
    if (!upstream) throw new Error(`subset ${s.name} selects version ${s.version}, which is not deployed`);
    return outboundCluster(spec, s.name, [upstream], flavour);
  });
  return [outboundCluster(spec, '', Object.values(spec.upstreams), flavour), ...subsets];
}

/** The client sidecar: plaintext from the local load in, (m)TLS to the server sidecars out. */
export function minimalClientBootstrap(spec: ClientSidecarSpec): EnvoyBootstrap {
  const steady: ClusterFlavour = { prefix: '', maxRequestsPerConnection: spec.policy.connectionPool?.maxRequestsPerConnection };
  const churn: ClusterFlavour | undefined = spec.churn && { prefix: CHURN_CLUSTER_PREFIX, maxRequestsPerConnection: spec.churn.requestsPerConnection };
  return {
    node: { id: spec.nodeId, cluster: 'meshtax-client' },
    admin: admin(spec.adminSocket),
    static_resources: {
      listeners: [
        outboundListener('outbound', spec, spec.listen, steady),
        ...(spec.churn && churn ? [outboundListener('outbound-churn', spec, spec.churn.listen, churn)] : []),
      ],
      clusters: [...outboundClusters(spec, steady), ...(churn ? outboundClusters(spec, churn) : []), ...(spec.extras?.clusters ?? [])],
    },
    ...(spec.extras?.bootstrap ?? {}),
  };
}

export function downstreamTls(spec: ServerSidecarSpec) {
  return {
    name: 'envoy.transport_sockets.tls',
    typed_config: {
      '@type': TYPE.downstreamTls,
      require_client_certificate: true,
      common_tls_context: {
        ...certificate(spec.tls),
        alpn_protocols: spec.protocol === 'grpc' ? ['h2'] : ['http/1.1'],
        validation_context: {
          trusted_ca: { filename: spec.tls.trustedCaPath },
          match_typed_subject_alt_names: [{ san_type: 'URI', matcher: { prefix: `spiffe://${spec.trustDomain}/` } }],
        },
      },
    },
  };
}

export function inboundMode(spec: ServerSidecarSpec): MtlsMode {
  return spec.inbound.portModes[spec.servicePort] ?? spec.inbound.mode;
}

/** The server sidecar: accepts what the PeerAuthentication allows, forwards to the local app. */
export function minimalServerBootstrap(spec: ServerSidecarSpec): EnvoyBootstrap {
  const mode = inboundMode(spec);
  const routeConfig = {
    name: 'inbound',
    virtual_hosts: [
      { name: 'inbound', domains: ['*'], routes: [{ match: { prefix: '/' }, route: { cluster: inboundClusterName(spec.servicePort), timeout: '0s' } }] },
    ],
  };
  const hcm = () => httpConnectionManager('inbound', routeConfig, false, spec.protocol, spec.extras);
  const tlsChain = { transport_socket: downstreamTls(spec), filters: [hcm()] };
  const plainChain = { filters: [hcm()] };
  // PERMISSIVE tells the two apart with the TLS inspector; STRICT has no plaintext chain at all.
  const chains =
    mode === 'STRICT'
      ? [tlsChain]
      : mode === 'PERMISSIVE'
        ? [{ filter_chain_match: { transport_protocol: 'tls' }, ...tlsChain }, plainChain]
        : [plainChain];
  return {
    node: { id: spec.nodeId, cluster: 'meshtax-server' },
    admin: admin(spec.adminSocket),
    static_resources: {
      listeners: [
        {
          name: 'inbound',
          address: socketAddress(spec.listen),
          ...(mode === 'PERMISSIVE' ? { listener_filters: [{ name: 'envoy.filters.listener.tls_inspector', typed_config: { '@type': TYPE.tlsInspector } }] } : {}),
          filter_chains: chains,
        },
      ],
      clusters: [
        {
          name: inboundClusterName(spec.servicePort),
          type: 'STATIC',
          connect_timeout: '10s',
          load_assignment: {
            cluster_name: inboundClusterName(spec.servicePort),
            endpoints: [{ lb_endpoints: [{ endpoint: { address: socketAddress(spec.app) } }] }],
          },
          typed_extension_protocol_options: protocolOptions(spec.protocol),
        },
        ...(spec.extras?.clusters ?? []),
      ],
    },
    ...(spec.extras?.bootstrap ?? {}),
  };
}
