import { describe, expect, it } from 'vitest';
import { CANARY_WORKLOAD, peerAuthentication, translate, translationError, yamlOf } from './testing/istio-yaml.js';

const mesh = (mode: string) => peerAuthentication({ mtls: { mode } }, { name: 'mesh', namespace: 'istio-system' });
const namespace = (mode: string) => peerAuthentication({ mtls: { mode } }, { name: 'namespace' });
const workload = (labels: Record<string, string>, spec: Record<string, unknown>, name = 'workload') =>
  peerAuthentication({ selector: { matchLabels: labels }, ...spec }, { name });

describe('PeerAuthentication precedence (workload > namespace > mesh > PERMISSIVE)', () => {
  it('a mesh-wide resource in istio-system is the fallback', () => {
    expect(translate([mesh('STRICT')], CANARY_WORKLOAD).inbound).toEqual({
      v1: { mode: 'STRICT', portModes: {} },
      v2: { mode: 'STRICT', portModes: {} },
    });
  });

  it('namespace-wide beats mesh-wide', () => {
    expect(translate([mesh('STRICT'), namespace('DISABLE')]).inbound.v1?.mode).toBe('DISABLE');
  });

  it('workload-specific beats namespace-wide, only for the versions it selects', () => {
    const policy = translate([namespace('STRICT'), workload({ app: 'sample-api', version: 'v2' }, { mtls: { mode: 'PERMISSIVE' } })], CANARY_WORKLOAD);
    expect(policy.inbound.v1?.mode).toBe('STRICT');
    expect(policy.inbound.v2?.mode).toBe('PERMISSIVE');
  });

  it('a selector on app alone selects every version', () => {
    const policy = translate([namespace('PERMISSIVE'), workload({ app: 'sample-api' }, { mtls: { mode: 'STRICT' } })], CANARY_WORKLOAD);
    expect([policy.inbound.v1?.mode, policy.inbound.v2?.mode]).toEqual(['STRICT', 'STRICT']);
  });

  it('UNSET inherits from the next level: workload → namespace → mesh', () => {
    const policy = translate([mesh('STRICT'), namespace('UNSET'), workload({ version: 'v1' }, { mtls: { mode: 'UNSET' } })]);
    expect(policy.inbound.v1?.mode).toBe('STRICT');
  });

  it('portLevelMtls overrides the workload mode on that port; UNSET there inherits the workload mode', () => {
    const overridden = translate([workload({ app: 'sample-api' }, { mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: { mode: 'DISABLE' } } })]);
    expect(overridden.inbound.v1).toEqual({ mode: 'STRICT', portModes: { 8080: 'DISABLE' } });
    const inherited = translate([namespace('DISABLE'), workload({ app: 'sample-api' }, { portLevelMtls: { 8080: { mode: 'UNSET' } } })]);
    expect(inherited.inbound.v1).toEqual({ mode: 'DISABLE', portModes: { 8080: 'DISABLE' } });
  });

  it('refuses two resources at the same level for the same workload, since Istio would pick the oldest', () => {
    const twoNamespaceWide = yamlOf(namespace('STRICT'), peerAuthentication({ mtls: { mode: 'DISABLE' } }, { name: 'other' }));
    expect(translationError(twoNamespaceWide)).toContain(
      'document 1 (PeerAuthentication namespace) and document 2 (PeerAuthentication other) are PeerAuthentications namespace-wide for default',
    );
    const twoForV1 = yamlOf(workload({ app: 'sample-api' }, {}, 'a'), workload({ version: 'v1' }, {}, 'b'));
    expect(translationError(twoForV1)).toContain('are PeerAuthentications selecting version v1');
  });
});
