/**
 * The HTTP filters of a sidecar's connection manager, in the order Istio puts them, with what the
 * scenario's Telemetry and AuthorizationPolicy add: RBAC (inbound), access log and tracing.
 */
import { TYPE } from './type-urls.js';

/** What the scenario's Istio resources add to every HTTP connection manager of one sidecar. */
export interface HttpExtras {
  /** `envoy.filters.http.rbac` typed configs in order (inbound only), from AuthorizationPolicy. */
  readonly rbac?: readonly Record<string, unknown>[] | undefined;
  /** One `access_log` entry of the HCM, from Telemetry. */
  readonly accessLog?: Record<string, unknown> | undefined;
  /** The HCM's `tracing` block, from Telemetry. */
  readonly tracing?: Record<string, unknown> | undefined;
  /** Clusters the extras need (the trace collector). */
  readonly clusters?: readonly Record<string, unknown>[] | undefined;
  /** Top-level bootstrap fields the extras need. */
  readonly bootstrap?: Record<string, unknown> | undefined;
}

export const NO_EXTRAS: HttpExtras = {};

/**
 * Istio's inbound chain is metadata exchange, RBAC, fault, CORS, istio.stats, router; outbound is
 * metadata exchange, istio.alpn, fault, CORS, istio.stats, router. Stock Envoy has RBAC, fault,
 * CORS and router; the rest are Istio's own (see docs/ISTIO-FIDELITY.md).
 */
export function httpFilters(o: { direction: 'inbound' | 'outbound'; withFault: boolean; extras: HttpExtras }): object[] {
  return [
    ...(o.direction === 'inbound' ? (o.extras.rbac ?? []).map((typed_config) => ({ name: 'envoy.filters.http.rbac', typed_config })) : []),
    { name: 'envoy.filters.http.fault', typed_config: { '@type': TYPE.fault } },
    { name: 'envoy.filters.http.cors', typed_config: { '@type': TYPE.cors } },
    { name: 'envoy.filters.http.router', typed_config: { '@type': TYPE.router } },
  ];
}
