import { describe, expect, it } from 'vitest';
import { CANARY_WORKLOAD, destinationRule, peerAuthentication, subsets, translationError, virtualService, yamlOf } from './testing/istio-yaml.js';

const AT = 'scenarios/x.istio.yaml: ';
const rule = destinationRule({ subsets: subsets('v1', 'v2') });
const to = (subset: string, weight?: number) => ({ destination: { host: 'sample-api', subset }, ...(weight !== undefined ? { weight } : {}) });
const withRoute = (route: Record<string, unknown>) => yamlOf(rule, virtualService({ http: [{ route: [to('v1')], ...route }] }));

describe('malformed or unsupported Istio input is refused, naming the document and the field', () => {
  it.each([
    [
      'a field meshtax does not translate',
      withRoute({ mirror: { host: 'sample-api' } }),
      'document 2 (VirtualService sample-api): spec.http[0].mirror is not supported by meshtax (meshtax translates only: name, match, route, timeout, retries, fault)',
    ],
    [
      'a misspelt field',
      yamlOf(peerAuthentication({ mtls: { mdoe: 'STRICT' } })),
      'document 1 (PeerAuthentication default): spec.mtls.mdoe is not supported by meshtax (meshtax translates only: mode)',
    ],
    [
      'a mode Istio does not have',
      yamlOf(peerAuthentication({ mtls: { mode: 'STRIC' } })),
      'document 1 (PeerAuthentication default): spec.mtls.mode: must be one of UNSET, DISABLE, PERMISSIVE, STRICT; got "STRIC"',
    ],
    [
      'weights that do not add up to 100',
      yamlOf(rule, virtualService({ http: [{ route: [to('v1', 90), to('v2', 20)] }] })),
      'document 2 (VirtualService sample-api): spec.http[0].route: weights add up to 110; they must add up to 100',
    ],
    [
      'a missing weight beside another destination',
      yamlOf(rule, virtualService({ http: [{ route: [to('v1', 100), to('v2')] }] })),
      'document 2 (VirtualService sample-api): spec.http[0].route[1].weight: is required when a route has more than one destination',
    ],
    [
      'a subset the DestinationRule does not define',
      yamlOf(rule, virtualService({ http: [{ route: [to('v1', 50), to('v3', 50)] }] })),
      'document 2 (VirtualService sample-api): spec.http[0].route[1].destination.subset: subset "v3" is not defined by document 1 (DestinationRule sample-api), which defines v1, v2',
    ],
    [
      'a subset without any DestinationRule',
      yamlOf(virtualService({ http: [{ route: [to('v1')] }] })),
      'document 1 (VirtualService sample-api): spec.http[0].route[0].destination.subset: subset "v1" needs a DestinationRule for the service that defines it; there is none',
    ],
    [
      'a subset selecting a version that is not deployed',
      yamlOf(destinationRule({ subsets: subsets('v1', 'v3') })),
      'document 1 (DestinationRule sample-api): spec.subsets[1].labels.version: version "v3" is not deployed; scenario.workload.versions is v1, v2',
    ],
    [
      'a kind meshtax does not translate',
      'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: ingress\nspec: {}\n',
      'document 1 (Gateway ingress): kind Gateway is not translated by meshtax; it translates PeerAuthentication, DestinationRule, VirtualService',
    ],
    ['invalid YAML', 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nspec: {mtls: [\n', 'document 1 is not valid YAML'],
    [
      'a duration that is not one',
      withRoute({ timeout: '1x' }),
      'document 2 (VirtualService sample-api): spec.http[0].timeout: "1x" is not a duration; write it as Istio does, e.g. 500ms, 1s, 1.5s, 1m',
    ],
    ['a duration finer than a millisecond', withRoute({ retries: { attempts: 1, perTryTimeout: '1500us' } }), 'spec.http[0].retries.perTryTimeout: "1500us" is finer than a millisecond'],
    [
      'an apiVersion of the wrong group',
      yamlOf({ ...peerAuthentication({}), apiVersion: 'networking.istio.io/v1' }),
      'document 1 (PeerAuthentication default): apiVersion: must be one of security.istio.io/v1, security.istio.io/v1beta1; got "networking.istio.io/v1"',
    ],
    [
      'a TLS mode that needs certificates of your own',
      yamlOf(destinationRule({ trafficPolicy: { tls: { mode: 'SIMPLE' } } })),
      'spec.trafficPolicy.tls.mode: SIMPLE is not supported by meshtax (it needs certificates of your own); use ISTIO_MUTUAL or DISABLE',
    ],
    ['a load balancer meshtax does not know', yamlOf(destinationRule({ trafficPolicy: { loadBalancer: { simple: 'PASSTHROUGH' } } })), 'spec.trafficPolicy.loadBalancer.simple: must be one of ROUND_ROBIN, LEAST_REQUEST, RANDOM; got "PASSTHROUGH"'],
    [
      'a host that is not the service',
      yamlOf(destinationRule({ host: 'reviews' })),
      'document 1 (DestinationRule sample-api): spec.host: "reviews" is not the scenario\'s service; use sample-api or sample-api.default.svc.cluster.local',
    ],
    [
      'a resource in another namespace',
      yamlOf(destinationRule({}, { namespace: 'payments' })),
      'metadata.namespace: "payments" is not where meshtax deploys the workload; use default (or leave it out)',
    ],
    [
      'a selector for another app',
      yamlOf(peerAuthentication({ selector: { matchLabels: { app: 'reviews' } }, mtls: { mode: 'STRICT' } })),
      'spec.selector.matchLabels.app: app "reviews" selects nothing meshtax deploys; the workload is app sample-api',
    ],
    ['port-level mTLS without a selector', yamlOf(peerAuthentication({ portLevelMtls: { 8080: { mode: 'STRICT' } } })), 'spec.portLevelMtls: Istio allows port-level mTLS only with a workload selector'],
    [
      'port-level mTLS for a port the workload does not serve',
      yamlOf(peerAuthentication({ selector: { matchLabels: { app: 'sample-api' } }, portLevelMtls: { 9090: { mode: 'STRICT' } } })),
      'spec.portLevelMtls.9090: the workload serves on port 8080 only, not 9090',
    ],
    [
      'a selector in the mesh root namespace',
      yamlOf(peerAuthentication({ selector: { matchLabels: { app: 'sample-api' } } }, { namespace: 'istio-system' })),
      'spec.selector: a selector in the mesh root namespace istio-system selects workloads of that namespace only',
    ],
    ['a fault without a percentage', withRoute({ fault: { delay: { fixedDelay: '1s' } } }), 'spec.http[0].fault.delay.percentage is required'],
    ['an unknown retry condition', withRoute({ retries: { attempts: 2, retryOn: '5xx,sometimes' } }), 'spec.http[0].retries.retryOn: unknown retry condition sometimes'],
    ['an upper-case header name', withRoute({ match: [{ headers: { 'X-Canary': { exact: 'yes' } } }] }), 'spec.http[0].match[0].headers.X-Canary: header names must be lower case, as Istio requires'],
    ['a regex RE2 cannot run', withRoute({ match: [{ headers: { 'x-a': { regex: '(?!b)a' } } }] }), 'spec.http[0].match[0].headers.x-a.regex: is not a regular expression Envoy accepts'],
    ['a uri regex', withRoute({ match: [{ uri: { regex: '/a.*' } }] }), 'spec.http[0].match[0].uri.regex is not supported by meshtax (meshtax translates only: exact, prefix)'],
    ['a string match with two kinds', withRoute({ match: [{ uri: { exact: '/a', prefix: '/' } }] }), 'spec.http[0].match[0].uri: needs exactly one of exact, prefix'],
    ['a status field', yamlOf({ ...peerAuthentication({}), status: {} }), 'document 1 (PeerAuthentication default): status is not supported by meshtax'],
    ['a missing name', yamlOf({ ...peerAuthentication({}), metadata: {} }), 'document 1 (PeerAuthentication (no name)): metadata.name is required'],
  ])('%s', (_, yaml, expected) => {
    expect(translationError(yaml, CANARY_WORKLOAD)).toContain(expected);
  });

  it('every line starts with the file, and every problem of every document is listed at once', () => {
    const yaml = yamlOf(
      peerAuthentication({ mtls: { mode: 'STRIC' }, extra: true }),
      destinationRule({ trafficPolicy: { outlierDetection: { consecutive5xxErrors: 1 } } }),
    );
    expect(translationError(yaml).split('\n')).toEqual([
      `${AT}document 1 (PeerAuthentication default): spec.mtls.mode: must be one of UNSET, DISABLE, PERMISSIVE, STRICT; got "STRIC"`,
      `${AT}document 1 (PeerAuthentication default): spec.extra is not supported by meshtax (meshtax translates only: selector, mtls, portLevelMtls)`,
      `${AT}document 2 (DestinationRule sample-api): spec.trafficPolicy.outlierDetection is not supported by meshtax (meshtax translates only: tls, connectionPool, loadBalancer)`,
    ]);
  });
});
