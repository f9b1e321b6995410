/**
 * DestinationRule → the client sidecar's clusters: subsets (one cluster per version), TLS
 * origination, connection pool (circuit breakers) and load-balancing policy.
 */
import { z } from 'zod';
import type { ClientTlsMode, ConnectionPool, LoadBalancer, Subset } from '../policy.js';
import { istioDurationMs } from './duration.js';
import type { IstioResource } from './parse.js';
import { istioObject, readResource } from './problems.js';
import { deployedVersion, NETWORKING_API_VERSIONS, resourceEnvelope, serviceHost, type IstioWorkload } from './workload.js';

export interface DestinationRuleTranslation {
  readonly resource: IstioResource;
  readonly subsets: readonly Subset[];
  /** Undefined: the rule sets no TLS, so Istio's auto-mTLS decides. */
  readonly tlsMode?: ClientTlsMode;
  readonly connectionPool?: ConnectionPool;
  readonly loadBalancer?: LoadBalancer;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
// Zero is how proto3 spells "not set": Istio then keeps Envoy's default.
const count = z.number().int().min(0).max(2_147_483_647);

const tlsSchema = istioObject({ mode: z.enum(['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL']) }).superRefine((tls, ctx) => {
  if (tls.mode === 'SIMPLE' || tls.mode === 'MUTUAL') {
    ctx.addIssue({
      code: 'custom',
      path: ['mode'],
      message: `${tls.mode} is not supported by meshtax (it needs certificates of your own); use ISTIO_MUTUAL or DISABLE`,
    });
  }
});

const connectionPoolSchema = istioObject({
  tcp: istioObject({ maxConnections: count.optional(), connectTimeout: istioDurationMs({ allowZero: false }).optional() }).optional(),
  http: istioObject({
    http1MaxPendingRequests: count.optional(),
    http2MaxRequests: count.optional(),
    maxRequestsPerConnection: count.optional(),
  }).optional(),
});

const trafficPolicySchema = istioObject({
  tls: tlsSchema.optional(),
  connectionPool: connectionPoolSchema.optional(),
  loadBalancer: istioObject({ simple: z.enum(['ROUND_ROBIN', 'LEAST_REQUEST', 'RANDOM']) }).optional(),
});

function specSchema(workload: IstioWorkload) {
  const subset = istioObject({
    name: z.string().regex(DNS_LABEL, 'a subset name must be a DNS label such as "v1" or "canary"'),
    labels: istioObject({ version: deployedVersion(workload) }),
  });
  return istioObject({
    host: serviceHost(workload),
    subsets: z.array(subset).default([]),
    trafficPolicy: trafficPolicySchema.optional(),
  }).superRefine((spec, ctx) => {
    spec.subsets.forEach((s, i) => {
      if (spec.subsets.findIndex((other) => other.name === s.name) < i) {
        ctx.addIssue({ code: 'custom', path: ['subsets', i, 'name'], message: `subset ${s.name} is defined twice` });
      }
    });
  });
}

type ConnectionPoolInput = z.output<typeof connectionPoolSchema>;

function connectionPool(pool: ConnectionPoolInput | undefined): ConnectionPool | undefined {
  if (!pool) return undefined;
  const set = (n: number | undefined) => (n ? n : undefined);
  return {
    maxConnections: set(pool.tcp?.maxConnections),
    connectTimeoutMs: pool.tcp?.connectTimeout,
    http1MaxPendingRequests: set(pool.http?.http1MaxPendingRequests),
    http2MaxRequests: set(pool.http?.http2MaxRequests),
    maxRequestsPerConnection: set(pool.http?.maxRequestsPerConnection),
  };
}

export function readDestinationRule(resource: IstioResource, workload: IstioWorkload, source: string): DestinationRuleTranslation {
  const schema = resourceEnvelope(NETWORKING_API_VERSIONS, 'DestinationRule', [workload.namespace], specSchema(workload));
  const { spec } = readResource(schema, resource, source);
  const tls = spec.trafficPolicy?.tls?.mode;
  return {
    resource,
    subsets: spec.subsets.map((s) => ({ name: s.name, version: s.labels.version })),
    tlsMode: tls === 'ISTIO_MUTUAL' || tls === 'DISABLE' ? tls : undefined,
    connectionPool: connectionPool(spec.trafficPolicy?.connectionPool),
    loadBalancer: spec.trafficPolicy?.loadBalancer?.simple,
  };
}
