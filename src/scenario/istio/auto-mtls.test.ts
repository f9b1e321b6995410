import { describe, expect, it } from 'vitest';
import { CANARY_WORKLOAD, destinationRule, peerAuthentication, subsets, translate, translationError, yamlOf } from './testing/istio-yaml.js';

describe("client TLS without a DestinationRule tls setting: Istio's auto-mTLS", () => {
  it.each([
    ['STRICT', 'ISTIO_MUTUAL'],
    ['PERMISSIVE', 'ISTIO_MUTUAL'],
    ['DISABLE', 'DISABLE'],
  ] as const)('server %s → client %s', (mode, tlsMode) => {
    expect(translate([peerAuthentication({ mtls: { mode } })]).outbound.tlsMode).toBe(tlsMode);
  });

  it('mTLS when no PeerAuthentication applies (PERMISSIVE)', () => {
    expect(translate([]).outbound.tlsMode).toBe('ISTIO_MUTUAL');
  });

  it('a DestinationRule without trafficPolicy.tls leaves it to auto-mTLS', () => {
    expect(translate([peerAuthentication({ mtls: { mode: 'DISABLE' } }), destinationRule({ subsets: subsets('v1') })]).outbound.tlsMode).toBe('DISABLE');
  });

  it('a port-level mode on the workload port counts', () => {
    const pa = peerAuthentication({ selector: { matchLabels: { app: 'sample-api' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: { mode: 'DISABLE' } } });
    expect(translate([pa]).outbound.tlsMode).toBe('DISABLE');
  });

  it('refuses versions that would need different client TLS (one plaintext-only, one mTLS)', () => {
    const yaml = yamlOf(peerAuthentication({ selector: { matchLabels: { version: 'v2' } }, mtls: { mode: 'DISABLE' } }));
    expect(translationError(yaml, CANARY_WORKLOAD)).toContain('PeerAuthentication makes v2 DISABLE and the other versions accept mTLS');
  });
});
