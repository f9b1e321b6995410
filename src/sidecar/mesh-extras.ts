/**
 * Telemetry and AuthorizationPolicy → what they add to each sidecar's HTTP connection manager:
 * a file access log (Istio's TEXT format, or JSON), a Zipkin tracer with random sampling sending
 * to the run's collector, a narrowed stats matcher (metrics off), and RBAC filters on the server
 * (DENY before ALLOW). Pure; the paths and the collector address come from the target.
 */
import type { AuthorizationPolicy, AuthorizationRule, MeshPolicy, StringMatch, TelemetryScope } from '../scenario/policy.js';
import { socketAddress, type SocketAddress } from './bootstrap.js';
import type { HttpExtras } from './http-extras.js';

export const ZIPKIN_CLUSTER = 'zipkin';
export const ZIPKIN_SPANS_PATH = '/api/v2/spans';

/** Istio's default access log format (meshConfig accessLogFormat unset, TEXT encoding). */
export const ISTIO_TEXT_ACCESS_LOG =
  '[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% ' +
  '"%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" ' +
  '"%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER_RAW% %UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME% %ROUTE_NAME%\n';

/** Istio's JSON access log: the same fields as labels. */
export const ISTIO_JSON_ACCESS_LOG: Record<string, string> = {
  start_time: '%START_TIME%',
  method: '%REQ(:METHOD)%',
  path: '%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%',
  protocol: '%PROTOCOL%',
  response_code: '%RESPONSE_CODE%',
  response_flags: '%RESPONSE_FLAGS%',
  response_code_details: '%RESPONSE_CODE_DETAILS%',
  connection_termination_details: '%CONNECTION_TERMINATION_DETAILS%',
  upstream_transport_failure_reason: '%UPSTREAM_TRANSPORT_FAILURE_REASON%',
  bytes_received: '%BYTES_RECEIVED%',
  bytes_sent: '%BYTES_SENT%',
  duration: '%DURATION%',
  upstream_service_time: '%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%',
  x_forwarded_for: '%REQ(X-FORWARDED-FOR)%',
  user_agent: '%REQ(USER-AGENT)%',
  request_id: '%REQ(X-REQUEST-ID)%',
  authority: '%REQ(:AUTHORITY)%',
  upstream_host: '%UPSTREAM_HOST%',
  upstream_cluster: '%UPSTREAM_CLUSTER_RAW%',
  upstream_local_address: '%UPSTREAM_LOCAL_ADDRESS%',
  downstream_local_address: '%DOWNSTREAM_LOCAL_ADDRESS%',
  downstream_remote_address: '%DOWNSTREAM_REMOTE_ADDRESS%',
  requested_server_name: '%REQUESTED_SERVER_NAME%',
  route_name: '%ROUTE_NAME%',
};

/** The stats meshtax reads itself; with metrics disabled, the sidecars keep only these. */
const HARNESS_STAT_PREFIXES = ['cluster.outbound|', 'cluster.inbound|', 'http.inbound.', 'http.outbound.', 'server.', 'listener.'];

export interface ExtrasInput {
  readonly side: 'client' | 'server';
  /** Where this sidecar writes its access log (the run's folder; Istio writes to stdout). */
  readonly accessLogPath: string;
  /** The run's Zipkin-compatible collector, when the scenario traces. */
  readonly collector?: SocketAddress | undefined;
}

const applies = (scope: TelemetryScope, side: 'client' | 'server') => scope === 'all' || side === 'server';

export function meshExtras(policy: MeshPolicy, input: ExtrasInput): HttpExtras {
  const t = policy.telemetry ?? {};
  const log = t.accessLog && applies(t.accessLog.scope, input.side) ? t.accessLog : undefined;
  const trace = t.tracing && applies(t.tracing.scope, input.side) && input.collector ? t.tracing : undefined;
  const quiet = t.metricsDisabled && applies(t.metricsDisabled.scope, input.side);
  const rbac = input.side === 'server' ? rbacFilters(policy.authorization ?? []) : [];
  return {
    ...(rbac.length > 0 ? { rbac } : {}),
    ...(log ? { accessLog: fileAccessLog(input.accessLogPath, log.format) } : {}),
    ...(trace ? { tracing: zipkinTracing(trace.samplingPct), clusters: [zipkinCluster(input.collector!)] } : {}),
    ...(quiet ? { bootstrap: { stats_config: { stats_matcher: { inclusion_list: { patterns: HARNESS_STAT_PREFIXES.map((prefix) => ({ prefix })) } } } } } : {}),
  };
}

function fileAccessLog(path: string, format: 'text' | 'json') {
  return {
    name: 'envoy.access_loggers.file',
    typed_config: {
      '@type': 'type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog',
      path,
      log_format: format === 'json' ? { json_format: ISTIO_JSON_ACCESS_LOG } : { text_format_source: { inline_string: ISTIO_TEXT_ACCESS_LOG } },
    },
  };
}

/** As Istio configures the Zipkin tracer: 128-bit trace ids, no shared span context, JSON v2. */
function zipkinTracing(samplingPct: number) {
  return {
    client_sampling: { value: 100 },
    random_sampling: { value: samplingPct },
    overall_sampling: { value: 100 },
    provider: {
      name: 'envoy.tracers.zipkin',
      typed_config: {
        '@type': 'type.googleapis.com/envoy.config.trace.v3.ZipkinConfig',
        collector_cluster: ZIPKIN_CLUSTER,
        collector_endpoint: ZIPKIN_SPANS_PATH,
        collector_endpoint_version: 'HTTP_JSON',
        trace_id_128bit: true,
        shared_span_context: false,
      },
    },
  };
}

function zipkinCluster(collector: SocketAddress) {
  return {
    name: ZIPKIN_CLUSTER,
    type: 'STATIC',
    connect_timeout: '1s',
    load_assignment: { cluster_name: ZIPKIN_CLUSTER, endpoints: [{ lb_endpoints: [{ endpoint: { address: socketAddress(collector) } }] }] },
  };
}

const RBAC_TYPE = 'type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC';

/** Istio's order: one RBAC filter for the DENY policies, then one for the ALLOW policies (if any). */
export function rbacFilters(policies: readonly AuthorizationPolicy[]): Record<string, unknown>[] {
  const deny = policies.filter((p) => p.action === 'DENY');
  const allow = policies.filter((p) => p.action === 'ALLOW');
  return [
    ...(deny.length > 0 ? [{ '@type': RBAC_TYPE, rules: { action: 'DENY', policies: rbacPolicies(deny) } }] : []),
    ...(allow.length > 0 ? [{ '@type': RBAC_TYPE, rules: { action: 'ALLOW', policies: rbacPolicies(allow) } }] : []),
  ];
}

function rbacPolicies(policies: readonly AuthorizationPolicy[]): Record<string, unknown> {
  return Object.fromEntries(
    policies.flatMap((p) => p.rules.map((rule, i) => [`ns[default]-policy[${p.name}]-rule[${i}]`, { permissions: [permission(rule)], principals: [principal(rule)] }])),
  );
}

type Matcher = Record<string, unknown>;

const anyOf = (items: Matcher[]): Matcher | undefined => (items.length === 0 ? undefined : items.length === 1 ? items[0] : { or_ids: { ids: items } });
const anyOfRules = (items: Matcher[]): Matcher | undefined => (items.length === 0 ? undefined : items.length === 1 ? items[0] : { or_rules: { rules: items } });
const stringMatch = (m: StringMatch) => (m.exact !== undefined ? { exact: m.exact } : m.prefix !== undefined ? { prefix: m.prefix } : { suffix: m.suffix ?? '' });

function principal(rule: AuthorizationRule): Matcher {
  const ids = (ms: readonly StringMatch[]) => ms.map((m) => ({ authenticated: { principal_name: stringMatch(m) } }));
  const parts = [anyOf(ids(rule.principals)), ...ids(rule.notPrincipals).map((id) => ({ not_id: id }))].filter((m): m is Matcher => m !== undefined);
  return parts.length === 0 ? { any: true } : parts.length === 1 ? parts[0]! : { and_ids: { ids: parts } };
}

function permission(rule: AuthorizationRule): Matcher {
  const paths = (ms: readonly StringMatch[]) => ms.map((m) => ({ url_path: { path: stringMatch(m) } }));
  const methods = (ms: readonly string[]) => ms.map((m) => ({ header: { name: ':method', string_match: { exact: m } } }));
  const parts = [
    anyOfRules(paths(rule.paths)),
    anyOfRules(methods(rule.methods)),
    ...paths(rule.notPaths).map((p) => ({ not_rule: p })),
    ...methods(rule.notMethods).map((m) => ({ not_rule: m })),
  ].filter((m): m is Matcher => m !== undefined);
  return parts.length === 0 ? { any: true } : parts.length === 1 ? parts[0]! : { and_rules: { rules: parts } };
}
