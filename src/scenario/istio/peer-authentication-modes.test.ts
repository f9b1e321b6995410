import { describe, expect, it } from 'vitest';
import { peerAuthentication, translate } from './testing/istio-yaml.js';

describe('PeerAuthentication spec.mtls.mode', () => {
  it.each(['STRICT', 'PERMISSIVE', 'DISABLE'] as const)('namespace-wide %s is what the server sidecar accepts', (mode) => {
    const policy = translate([peerAuthentication({ mtls: { mode } })]);
    expect(policy.inbound).toEqual({ v1: { mode, portModes: {} } });
  });

  it("without any PeerAuthentication the server is PERMISSIVE, Istio's default", () => {
    expect(translate([]).inbound).toEqual({ v1: { mode: 'PERMISSIVE', portModes: {} } });
  });

  it('UNSET, an empty mtls and an empty spec all inherit (here: the default)', () => {
    expect(translate([peerAuthentication({ mtls: { mode: 'UNSET' } })]).inbound.v1?.mode).toBe('PERMISSIVE');
    expect(translate([peerAuthentication({ mtls: {} })]).inbound.v1?.mode).toBe('PERMISSIVE');
    expect(translate([peerAuthentication({})]).inbound.v1?.mode).toBe('PERMISSIVE');
  });

  it('accepts security.istio.io/v1beta1 and a resource without a namespace (the workload namespace)', () => {
    const doc = { ...peerAuthentication({ mtls: { mode: 'STRICT' } }), apiVersion: 'security.istio.io/v1beta1', metadata: { name: 'default' } };
    expect(translate([doc]).inbound.v1?.mode).toBe('STRICT');
  });
});
