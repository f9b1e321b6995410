import { describe, expect, it } from 'vitest';
import { CANARY_WORKLOAD, destinationRule, subsets, translate, virtualService } from './testing/istio-yaml.js';

const rule = destinationRule({ subsets: subsets('v1', 'v2') });
const to = (subset?: string, weight?: number) => ({ destination: { host: 'sample-api', ...(subset ? { subset } : {}) }, ...(weight !== undefined ? { weight } : {}) });
const routesOf = (http: Array<Record<string, unknown>>) => translate([rule, virtualService({ http })], CANARY_WORKLOAD).outbound.routes;

describe('VirtualService translation', () => {
  it('weighted destinations keep their subsets and weights', () => {
    const [route] = routesOf([{ name: 'canary', route: [to('v1', 90), to('v2', 10)] }]);
    expect(route).toMatchObject({ name: 'canary', matches: [], destinations: [{ subset: 'v1', weight: 90 }, { subset: 'v2', weight: 10 }] });
  });

  it('a destination without a subset is the whole service; without a weight it takes 100', () => {
    const [route] = routesOf([{ route: [to()] }]);
    expect(route).toMatchObject({ name: 'http-0', destinations: [{ subset: '', weight: 100 }] });
  });

  it('uri and header matches, in order (the first matching route wins)', () => {
    const routes = routesOf([
      {
        match: [{ uri: { prefix: '/api/' }, headers: { 'x-canary': { exact: 'yes' }, 'x-user': { prefix: 'test' } } }, { uri: { exact: '/health' } }],
        route: [to('v2')],
      },
      { match: [{ headers: { 'x-build': { regex: 'v[0-9]+' } } }], route: [to('v1')] },
      { route: [to('v1')] },
    ]);
    expect(routes.map((r) => r.matches)).toEqual([
      [
        { uriPrefix: '/api/', uriExact: undefined, headers: [{ name: 'x-canary', exact: 'yes' }, { name: 'x-user', prefix: 'test' }] },
        { uriPrefix: undefined, uriExact: '/health', headers: [] },
      ],
      [{ uriPrefix: undefined, uriExact: undefined, headers: [{ name: 'x-build', regex: 'v[0-9]+' }] }],
      [],
    ]);
  });

  it('timeout is the route timeout in ms; 0s means none', () => {
    expect(routesOf([{ route: [to()], timeout: '1.5s' }])[0]?.timeoutMs).toBe(1500);
    expect(routesOf([{ route: [to()], timeout: '0s' }])[0]?.timeoutMs).toBe(0);
  });

  it("retries: Istio's default conditions with 503 when retryOn is left out", () => {
    expect(routesOf([{ route: [to()], retries: { attempts: 3, perTryTimeout: '200ms' } }])[0]?.retries).toEqual({
      attempts: 3,
      perTryTimeoutMs: 200,
      retryOn: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
      retriableStatusCodes: [503],
    });
  });

  it('retries: status codes in retryOn become retriable status codes', () => {
    expect(routesOf([{ route: [to()], retries: { attempts: 2, retryOn: '5xx, 429,reset' } }])[0]?.retries).toEqual({
      attempts: 2,
      perTryTimeoutMs: undefined,
      retryOn: '5xx,reset,retriable-status-codes',
      retriableStatusCodes: [429],
    });
  });

  it('fault: delay and abort with their percentages', () => {
    const fault = { delay: { fixedDelay: '100ms', percentage: { value: 10 } }, abort: { httpStatus: 503, percentage: { value: 0.5 } } };
    expect(routesOf([{ route: [to()], fault }])[0]?.fault).toEqual({
      delay: { fixedDelayMs: 100, percent: 10 },
      abort: { httpStatus: 503, percent: 0.5 },
    });
  });

  it('accepts the fully qualified host in hosts and destinations, and the workload port', () => {
    const fqdn = 'sample-api.default.svc.cluster.local';
    const routes = translate([rule, virtualService({ hosts: [fqdn], http: [{ route: [{ destination: { host: fqdn, subset: 'v2', port: { number: 8080 } } }] }] })], CANARY_WORKLOAD).outbound.routes;
    expect(routes[0]?.destinations).toEqual([{ subset: 'v2', weight: 100 }]);
  });
});
