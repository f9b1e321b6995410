/**
 * Envoy bootstraps laid out as Istio's sidecars are, for traffic captured by iptables
 * (`targets/local/interception.ts`): the client's `virtualOutbound` listener on 15001 hands each
 * connection, by its original destination, to the per-port listener `0.0.0.0_<port>` (HTTP
 * routing per service, a catch-all `allow_any` host to the passthrough cluster); the server's
 * `virtualInbound` listener on 15006 picks a filter chain by destination port, transport (TLS or
 * plaintext) and ALPN (`istio-peer-exchange`, `istio`, …) as Istio's inbound chains do.
 *
 * Where a real istio-proxy runs Istio's own filters (metadata exchange, istio.stats, istio.alpn),
 * stock Envoy offers none; what stands in for them is in docs/ISTIO-FIDELITY.md.
 */
import {
  admin,
  durationMs,
  downstreamTls,
  inboundClusterName,
  inboundMode,
  minimalClientBootstrap,
  minimalServerBootstrap,
  outboundClusters,
  outboundRoutes,
  protocolOptions,
  socketAddress,
  TYPE,
  type ClientSidecarSpec,
  type EnvoyBootstrap,
  type Protocol,
  type ServerSidecarSpec,
  type SocketAddress,
} from './bootstrap.js';
import { httpFilters, type HttpExtras } from './http-extras.js';

/** Istio's fixed sidecar ports: outbound capture, inbound capture. */
export const ISTIO_OUTBOUND_CAPTURE_PORT = 15001;
export const ISTIO_INBOUND_CAPTURE_PORT = 15006;
/** The group the sidecars run as, which the capture rules exclude (Istio's proxy uid/gid). */
export const ISTIO_PROXY_GID = 1337;

/** ALPN that Istio's client sidecars offer on mTLS, and that its inbound HTTP chains match. */
const ISTIO_CLIENT_ALPN = ['istio-peer-exchange', 'istio'];
const ISTIO_INBOUND_ALPN = ['istio-peer-exchange', 'istio', 'istio-http/1.0', 'istio-http/1.1', 'istio-h2'];

export const PASSTHROUGH_CLUSTER = 'PassthroughCluster';
export const BLACK_HOLE_CLUSTER = 'BlackHoleCluster';

/**
 * What metadata exchange puts on the wire: Istio's HTTP variant sends the peer's node metadata as
 * two headers on every request and response. The payload is a stand-in of the usual size (base64
 * of a few hundred bytes of protobuf), so the bytes and header work are paid, not the encoding.
 */
export function peerMetadataHeaders(workload: string, namespace: string): Array<{ header: { key: string; value: string }; append_action: string }> {
  const labels = `NAME=${workload};NAMESPACE=${namespace};CLUSTER_ID=Kubernetes;MESH_ID=cluster.local;app=${workload};version=v1;`;
  const stand_in = Buffer.from(labels.repeat(4).slice(0, 300)).toString('base64');
  return [
    { header: { key: 'x-envoy-peer-metadata-id', value: `sidecar~0.0.0.0~${workload}.${namespace}~${namespace}.svc.cluster.local` }, append_action: 'OVERWRITE_IF_EXISTS_OR_ADD' },
    { header: { key: 'x-envoy-peer-metadata', value: stand_in }, append_action: 'OVERWRITE_IF_EXISTS_OR_ADD' },
  ];
}
const PEER_HEADERS = ['x-envoy-peer-metadata', 'x-envoy-peer-metadata-id'];

/** The stat tags Istio's bootstrap extracts (a subset: the ones meaningful without Istio's own stats). */
export const ISTIO_STATS_TAGS = [
  { tag_name: 'cluster_name', regex: '^cluster\\.((.+?(\\..+?\\.svc\\.cluster\\.local)?)\\.)' },
  { tag_name: 'tcp_prefix', regex: '^tcp\\.((.*?)\\.)\\w+?$' },
  { tag_name: 'response_code', regex: '_rq(_(\\d{3}))$' },
  { tag_name: 'response_code_class', regex: '_rq(_(\\dxx))$' },
  { tag_name: 'http_conn_manager_listener_prefix', regex: '^listener(?=\\.).*?\\.http\\.(((?:[_.[:digit:]]*|[_\\[\\]aAbBcCdDeEfF[:digit:]]*))\\.)' },
  { tag_name: 'http_conn_manager_prefix', regex: '^http\\.(((?:[_.[:digit:]]*|[_\\[\\]aAbBcCdDeEfF[:digit:]]*))\\.)' },
  { tag_name: 'listener_address', regex: '^listener\\.(((?:[_.[:digit:]]*|[_\\[\\]aAbBcCdDeEfF[:digit:]]*))\\.)' },
];

export interface IstioClientLayout {
  /** Where the app side reaches the service (the pod address and service port, as with no mesh). */
  readonly service: SocketAddress;
  readonly extras: HttpExtras;
  /** Sidecar `outboundTrafficPolicy: REGISTRY_ONLY`: what is not the service goes to the black hole. */
  readonly registryOnly?: boolean | undefined;
}

/** A sidecar's bootstrap in the layout its spec asks for: Istio's (captured traffic) or the minimal one. */
export function clientSidecarBootstrap(spec: ClientSidecarSpec): EnvoyBootstrap {
  return spec.istio ? istioClientBootstrap(spec, { service: spec.istio.service, extras: spec.extras ?? {}, registryOnly: spec.istio.registryOnly }) : minimalClientBootstrap(spec);
}

export function serverSidecarBootstrap(spec: ServerSidecarSpec): EnvoyBootstrap {
  return spec.istio ? istioServerBootstrap(spec, { extras: spec.extras ?? {}, namespace: spec.namespace ?? 'default' }) : minimalServerBootstrap(spec);
}

export interface IstioServerLayout {
  readonly extras: HttpExtras;
  readonly namespace: string;
}

const ANY = '0.0.0.0';

function originalDst() {
  return { name: 'envoy.filters.listener.original_dst', typed_config: { '@type': TYPE.originalDst } };
}

function tcpProxy(statPrefix: string, cluster: string) {
  return { name: 'envoy.filters.network.tcp_proxy', typed_config: { '@type': TYPE.tcpProxy, stat_prefix: statPrefix, cluster } };
}

interface HcmOptions {
  readonly statPrefix: string;
  readonly routeConfig: object;
  readonly protocol: Protocol;
  readonly direction: 'inbound' | 'outbound';
  readonly withFault: boolean;
  readonly extras: HttpExtras;
}

/** An HTTP connection manager with the settings Istio gives its sidecars' HCMs. */
function istioHcm(o: HcmOptions) {
  return {
    name: 'envoy.filters.network.http_connection_manager',
    typed_config: {
      '@type': TYPE.hcm,
      stat_prefix: o.statPrefix,
      codec_type: o.protocol === 'grpc' ? 'HTTP2' : 'AUTO',
      route_config: o.routeConfig,
      http_filters: httpFilters({ direction: o.direction, withFault: o.withFault, extras: o.extras }),
      server_name: 'istio-envoy',
      use_remote_address: false,
      generate_request_id: true,
      normalize_path: true,
      merge_slashes: true,
      path_with_escaped_slashes_action: 'KEEP_UNCHANGED',
      stream_idle_timeout: '0s',
      upgrade_configs: [{ upgrade_type: 'websocket' }],
      ...(o.direction === 'inbound'
        ? { forward_client_cert_details: 'APPEND_FORWARD', set_current_client_cert_details: { subject: true, dns: true, uri: true } }
        : {}),
      ...(o.extras.accessLog ? { access_log: [o.extras.accessLog] } : {}),
      ...(o.extras.tracing ? { tracing: o.extras.tracing } : {}),
    },
  };
}

function serviceDomains(spec: ClientSidecarSpec, service: SocketAddress): string[] {
  const fqdn = `${spec.serviceName}.${spec.namespace ?? 'default'}.svc.cluster.local`;
  const names = [fqdn, spec.serviceName, `${spec.serviceName}.${spec.namespace ?? 'default'}`, service.address];
  return names.flatMap((n) => [n, `${n}:${spec.servicePort}`]);
}

/** The client sidecar: everything the app sends is captured to 15001 and routed per service. */
export function istioClientBootstrap(spec: ClientSidecarSpec, layout: IstioClientLayout): EnvoyBootstrap {
  const steady = { prefix: '', maxRequestsPerConnection: spec.policy.connectionPool?.maxRequestsPerConnection };
  const port = layout.service.port;
  const elsewhere = layout.registryOnly ? BLACK_HOLE_CLUSTER : PASSTHROUGH_CLUSTER;
  const fqdn = `${spec.serviceName}.${spec.namespace ?? 'default'}.svc.cluster.local`;
  const routeConfig = {
    name: String(port),
    validate_clusters: false,
    virtual_hosts: [
      {
        name: `${fqdn}:${port}`,
        domains: serviceDomains(spec, layout.service),
        routes: outboundRoutes(spec, steady),
        include_request_attempt_count: true,
      },
      { name: layout.registryOnly ? 'block_all' : 'allow_any', domains: ['*'], routes: [{ name: elsewhere, match: { prefix: '/' }, route: { cluster: elsewhere, timeout: '0s' } }] },
    ],
    request_headers_to_add: peerMetadataHeaders(spec.nodeId, spec.namespace ?? 'default'),
    response_headers_to_remove: PEER_HEADERS,
  };
  const withFault = spec.policy.routes.some((r) => r.fault);
  const clusters = outboundClusters(spec, steady).map((c) => withIstioClientAlpn(c));
  return {
    node: { id: `sidecar~${ANY}~${spec.nodeId}.${spec.namespace ?? 'default'}~${spec.namespace ?? 'default'}.svc.cluster.local`, cluster: `${spec.nodeId}.${spec.namespace ?? 'default'}` },
    admin: admin(spec.adminSocket),
    stats_config: { stats_tags: ISTIO_STATS_TAGS, use_all_default_tags: false },
    static_resources: {
      listeners: [
        {
          name: 'virtualOutbound',
          address: socketAddress({ address: ANY, port: ISTIO_OUTBOUND_CAPTURE_PORT }),
          use_original_dst: true,
          traffic_direction: 'OUTBOUND',
          listener_filters: [originalDst()],
          filter_chains: [{ name: 'virtualOutbound-catchall-tcp', filters: [tcpProxy(elsewhere, elsewhere)] }],
        },
        {
          name: `${ANY}_${port}`,
          address: socketAddress({ address: ANY, port }),
          bind_to_port: false,
          traffic_direction: 'OUTBOUND',
          filter_chains: [
            {
              filters: [istioHcm({ statPrefix: 'outbound', routeConfig, protocol: spec.protocol, direction: 'outbound', withFault, extras: layout.extras })],
            },
          ],
        },
      ],
      clusters: [...clusters, passthroughCluster(), { name: BLACK_HOLE_CLUSTER, type: 'STATIC', connect_timeout: '10s' }, ...(layout.extras.clusters ?? [])],
    },
    ...(layout.extras.bootstrap ?? {}),
  };
}

/** Istio's client offers `istio-peer-exchange, istio` on mTLS (its istio.alpn filter is not in stock Envoy). */
function withIstioClientAlpn(cluster: Record<string, unknown>): Record<string, unknown> {
  const socket = cluster.transport_socket as { typed_config: { common_tls_context: Record<string, unknown> } } | undefined;
  if (!socket) return cluster;
  const ctx = socket.typed_config.common_tls_context;
  return { ...cluster, transport_socket: { ...socket, typed_config: { ...socket.typed_config, common_tls_context: { ...ctx, alpn_protocols: ISTIO_CLIENT_ALPN } } } };
}

function passthroughCluster() {
  return { name: PASSTHROUGH_CLUSTER, type: 'ORIGINAL_DST', lb_policy: 'CLUSTER_PROVIDED', connect_timeout: durationMs(10_000) };
}

/** The server sidecar: everything arriving for the pod is captured to 15006 and matched by port, transport and ALPN. */
export function istioServerBootstrap(spec: ServerSidecarSpec, layout: IstioServerLayout): EnvoyBootstrap {
  const mode = inboundMode(spec);
  const port = spec.servicePort;
  const cluster = inboundClusterName(port);
  const routeConfig = {
    name: cluster,
    validate_clusters: false,
    virtual_hosts: [{ name: `inbound|http|${port}`, domains: ['*'], routes: [{ name: 'default', match: { prefix: '/' }, route: { cluster, timeout: '0s' } }] }],
    request_headers_to_remove: PEER_HEADERS,
    response_headers_to_add: peerMetadataHeaders(spec.nodeId, layout.namespace),
  };
  const hcm = () => istioHcm({ statPrefix: 'inbound', routeConfig, protocol: spec.protocol, direction: 'inbound', withFault: false, extras: layout.extras });
  const tls = downstreamTls(spec);
  const chainName = `${ANY}_${port}`;
  const mtlsHttp = { name: chainName, filter_chain_match: { destination_port: port, transport_protocol: 'tls', application_protocols: ISTIO_INBOUND_ALPN }, transport_socket: tls, filters: [hcm()] };
  // TLS without Istio's ALPN (e.g. a client that speaks mTLS itself): terminated, then TCP to the app, as Istio's inbound TCP chain.
  const mtlsTcp = { name: `${chainName}-tcp`, filter_chain_match: { destination_port: port, transport_protocol: 'tls' }, transport_socket: tls, filters: [tcpProxy(cluster, cluster)] };
  const plaintext = { name: `${chainName}-plaintext`, filter_chain_match: { destination_port: port, transport_protocol: 'raw_buffer' }, filters: [hcm()] };
  const chains = mode === 'STRICT' ? [mtlsHttp, mtlsTcp] : mode === 'PERMISSIVE' ? [mtlsHttp, mtlsTcp, plaintext] : [plaintext];
  return {
    node: { id: `sidecar~${ANY}~${spec.nodeId}.${layout.namespace}~${layout.namespace}.svc.cluster.local`, cluster: `${spec.nodeId}.${layout.namespace}` },
    admin: admin(spec.adminSocket),
    stats_config: { stats_tags: ISTIO_STATS_TAGS, use_all_default_tags: false },
    static_resources: {
      listeners: [
        {
          name: 'virtualInbound',
          address: socketAddress({ address: ANY, port: ISTIO_INBOUND_CAPTURE_PORT }),
          traffic_direction: 'INBOUND',
          listener_filters: [
            originalDst(),
            { name: 'envoy.filters.listener.tls_inspector', typed_config: { '@type': TYPE.tlsInspector } },
            ...(mode === 'STRICT' ? [] : [{ name: 'envoy.filters.listener.http_inspector', typed_config: { '@type': TYPE.httpInspector } }]),
          ],
          filter_chains: chains,
        },
      ],
      clusters: [
        {
          name: cluster,
          type: 'STATIC',
          connect_timeout: '10s',
          load_assignment: { cluster_name: cluster, endpoints: [{ lb_endpoints: [{ endpoint: { address: socketAddress(spec.app) } }] }] },
          typed_extension_protocol_options: protocolOptions(spec.protocol),
        },
        ...(layout.extras.clusters ?? []),
      ],
    },
    ...(layout.extras.bootstrap ?? {}),
  };
}
