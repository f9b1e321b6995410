import { describe, expect, it } from 'vitest';
import { destinationRule, peerAuthentication, translate, translationError, yamlOf } from './testing/istio-yaml.js';

const tls = (mode: string) => destinationRule({ trafficPolicy: { tls: { mode } } });
const server = (mode: string) => peerAuthentication({ mtls: { mode } });

describe('a DestinationRule tls mode the server sidecar would refuse is an error', () => {
  it('ISTIO_MUTUAL towards a DISABLE server', () => {
    expect(translationError(yamlOf(server('DISABLE'), tls('ISTIO_MUTUAL')))).toBe(
      'scenarios/x.istio.yaml: document 2 (DestinationRule sample-api): spec.trafficPolicy.tls.mode: ISTIO_MUTUAL originates mTLS, ' +
        'but PeerAuthentication makes v1 DISABLE, so the server sidecar would refuse every request',
    );
  });

  it('DISABLE towards a STRICT server', () => {
    expect(translationError(yamlOf(server('STRICT'), tls('DISABLE')))).toContain('spec.trafficPolicy.tls.mode: DISABLE sends plaintext, but PeerAuthentication makes v1 STRICT');
  });

  it('a PERMISSIVE server takes either', () => {
    expect(translate([server('PERMISSIVE'), tls('DISABLE')]).outbound.tlsMode).toBe('DISABLE');
    expect(translate([server('PERMISSIVE'), tls('ISTIO_MUTUAL')]).outbound.tlsMode).toBe('ISTIO_MUTUAL');
  });
});
