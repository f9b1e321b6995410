/** The Envoy counters worth keeping per trial: requests and connections per cluster, TLS handshakes and refusals. */
const KEPT = [
  /^cluster\.(outbound|inbound)\|[^.]*(\.[^.]+)*\.(upstream_rq_total|upstream_rq_2xx|upstream_rq_5xx|upstream_cx_total|upstream_rq_retry|upstream_rq_timeout)$/,
  /^listener\.[^ ]+\.ssl\.(handshake|connection_error|fail_verify_no_cert|fail_verify_error|fail_verify_san)$/,
  /^http\.(inbound|outbound)\.(downstream_rq_total|downstream_cx_total|downstream_rq_5xx)$/,
  /^http\.outbound\.fault\.(delays_injected|aborts_injected)$/,
  /^server\.(memory_allocated|memory_heap_size)$/,
];

export function keptEnvoyStats(stats: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(stats).filter(([name]) => KEPT.some((re) => re.test(name))));
}
