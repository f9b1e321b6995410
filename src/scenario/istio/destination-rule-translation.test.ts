import { describe, expect, it } from 'vitest';
import { CANARY_WORKLOAD, destinationRule, subsets, translate } from './testing/istio-yaml.js';

describe('DestinationRule translation', () => {
  it('subsets become one cluster per version', () => {
    const policy = translate([destinationRule({ subsets: [...subsets('v1'), { name: 'canary', labels: { version: 'v2' } }] })], CANARY_WORKLOAD);
    expect(policy.outbound.subsets).toEqual([
      { name: 'v1', version: 'v1' },
      { name: 'canary', version: 'v2' },
    ]);
  });

  it.each(['ISTIO_MUTUAL', 'DISABLE'] as const)('trafficPolicy.tls.mode %s is the client TLS mode', (mode) => {
    const policy = translate([destinationRule({ trafficPolicy: { tls: { mode } } })]);
    expect(policy.outbound.tlsMode).toBe(mode);
  });

  it('connectionPool becomes circuit-breaker thresholds, connect timeout and requests per connection', () => {
    const connectionPool = {
      tcp: { maxConnections: 64, connectTimeout: '250ms' },
      http: { http1MaxPendingRequests: 32, http2MaxRequests: 128, maxRequestsPerConnection: 1 },
    };
    expect(translate([destinationRule({ trafficPolicy: { connectionPool } })]).outbound.connectionPool).toEqual({
      maxConnections: 64,
      connectTimeoutMs: 250,
      http1MaxPendingRequests: 32,
      http2MaxRequests: 128,
      maxRequestsPerConnection: 1,
    });
  });

  it('a count of 0 means "not set", as in Istio', () => {
    const pool = translate([destinationRule({ trafficPolicy: { connectionPool: { tcp: { maxConnections: 0 } } } })]).outbound.connectionPool;
    expect(pool?.maxConnections).toBeUndefined();
  });

  it.each(['ROUND_ROBIN', 'LEAST_REQUEST', 'RANDOM'] as const)('loadBalancer.simple %s is the cluster lb policy', (simple) => {
    expect(translate([destinationRule({ trafficPolicy: { loadBalancer: { simple } } })]).outbound.loadBalancer).toBe(simple);
  });

  it('accepts the fully qualified host and networking.istio.io/v1beta1 and v1alpha3', () => {
    for (const apiVersion of ['networking.istio.io/v1beta1', 'networking.istio.io/v1alpha3']) {
      const doc = { ...destinationRule({ host: 'sample-api.default.svc.cluster.local', subsets: subsets('v1') }), apiVersion };
      expect(translate([doc]).outbound.subsets).toEqual([{ name: 'v1', version: 'v1' }]);
    }
  });
});
