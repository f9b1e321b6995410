import { describe, expect, it } from 'vitest';
import { translate, translationError, yamlOf } from './testing/istio-yaml.js';

type Doc = Record<string, unknown>;
const telemetry = (spec: Doc, metadata: Doc = {}): Doc => ({ apiVersion: 'telemetry.istio.io/v1', kind: 'Telemetry', metadata: { name: 't', namespace: 'istio-system', ...metadata }, spec });
const authz = (spec: Doc, name = 'p'): Doc => ({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name, namespace: 'default' }, spec });
const sidecar = (spec: Doc): Doc => ({ apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'default', namespace: 'default' }, spec });

describe('Telemetry', () => {
  it('access logging and tracing mesh-wide apply to both sidecars; sampling defaults to Istio 1%', () => {
    const policy = translate([telemetry({ accessLogging: [{ providers: [{ name: 'envoy' }] }], tracing: [{ providers: [{ name: 'zipkin' }] }] })]);
    expect(policy.telemetry).toEqual({ accessLog: { scope: 'all', format: 'text' }, tracing: { scope: 'all', samplingPct: 1 } });
  });

  it('a namespace resource overrides the mesh root field by field; a selector narrows to the server', () => {
    const policy = translate([
      telemetry({ tracing: [{ randomSamplingPercentage: 1 }], accessLogging: [{ providers: [{ name: 'envoy' }] }] }),
      telemetry({ selector: { matchLabels: { app: 'sample-api' } }, tracing: [{ randomSamplingPercentage: 100 }] }, { name: 'svc', namespace: 'default' }),
    ]);
    expect(policy.telemetry).toEqual({ accessLog: { scope: 'all', format: 'text' }, tracing: { scope: 'server', samplingPct: 100 } });
  });

  it('JSON access logs, disabled logging and disabled metrics', () => {
    expect(translate([telemetry({ accessLogging: [{ providers: [{ name: 'envoy-json' }] }] })]).telemetry?.accessLog?.format).toBe('json');
    expect(translate([telemetry({ accessLogging: [{ disabled: true }] })]).telemetry?.accessLog).toBeUndefined();
    expect(translate([telemetry({ metrics: [{ overrides: [{ match: { metric: 'ALL_METRICS' }, disabled: true }] }] })]).telemetry?.metricsDisabled).toEqual({ scope: 'all' });
  });

  it('an unknown field is an error naming document and field', () => {
    const message = translationError(yamlOf(telemetry({ tracing: [{ customTags: { a: {} } }] })));
    expect(message).toContain('document 1 (Telemetry t)');
    expect(message).toContain('spec.tracing[0].customTags');
  });
});

describe('AuthorizationPolicy', () => {
  it('allow-nothing, principals with SPIFFE form, paths with wildcards, methods', () => {
    const policy = translate([
      authz({}, 'allow-nothing'),
      authz({ action: 'ALLOW', rules: [{ from: [{ source: { principals: ['cluster.local/ns/default/sa/loadgen'] } }], to: [{ operation: { methods: ['GET'], paths: ['/api/*'] } }] }] }, 'readers'),
    ]);
    expect(policy.authorization).toEqual([
      { name: 'allow-nothing', action: 'ALLOW', rules: [] },
      {
        name: 'readers',
        action: 'ALLOW',
        rules: [{ principals: [{ exact: 'spiffe://cluster.local/ns/default/sa/loadgen' }], notPrincipals: [], paths: [{ prefix: '/api/' }], notPaths: [], methods: ['GET'], notMethods: [] }],
      },
    ]);
  });

  it('`when` and CUSTOM are errors naming document and field', () => {
    expect(translationError(yamlOf(authz({ rules: [{ when: [{ key: 'request.headers[x]', values: ['a'] }] }] })))).toContain('spec.rules[0].when');
    expect(translationError(yamlOf(authz({ action: 'CUSTOM' })))).toContain('spec.action');
  });
});

describe('Sidecar', () => {
  it('REGISTRY_ONLY is carried to the client egress', () => {
    expect(translate([sidecar({ egress: [{ hosts: ['./*'] }], outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } })]).egress).toEqual({ registryOnly: true });
  });

  it('egress hosts that leave out the service are refused', () => {
    expect(translationError(yamlOf(sidecar({ egress: [{ hosts: ['istio-system/*'] }] })))).toContain('leave out sample-api.default.svc.cluster.local');
  });
});
