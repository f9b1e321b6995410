import { describe, expect, it } from 'vitest';
import type { MeshPolicy } from '../scenario/policy.js';
import { meshExtras, rbacFilters } from './mesh-extras.js';

const base: MeshPolicy = { inbound: {}, outbound: { tlsMode: 'ISTIO_MUTUAL', subsets: [], routes: [] } };

describe('what Telemetry and AuthorizationPolicy add to the sidecars', () => {
  it('RBAC: DENY before ALLOW; allow-nothing is an ALLOW filter without policies', () => {
    const filters = rbacFilters([
      { name: 'allow-nothing', action: 'ALLOW', rules: [] },
      { name: 'no-admin', action: 'DENY', rules: [{ principals: [], notPrincipals: [], paths: [{ prefix: '/admin' }], notPaths: [], methods: [], notMethods: [] }] },
    ]);
    expect(filters.map((f) => (f.rules as { action: string }).action)).toEqual(['DENY', 'ALLOW']);
    expect((filters[1]!.rules as { policies: object }).policies).toEqual({});
  });

  it('RBAC goes to the server only; tracing to both with a collector cluster; server-scoped logs skip the client', () => {
    const policy: MeshPolicy = {
      ...base,
      telemetry: { tracing: { scope: 'all', samplingPct: 100 }, accessLog: { scope: 'server', format: 'json' } },
      authorization: [{ name: 'allow-nothing', action: 'ALLOW', rules: [] }],
    };
    const collector = { address: '198.18.0.2', port: 20001 };
    const client = meshExtras(policy, { side: 'client', accessLogPath: '/c.log', collector });
    const server = meshExtras(policy, { side: 'server', accessLogPath: '/s.log', collector });
    expect(client.rbac).toBeUndefined();
    expect(server.rbac).toHaveLength(1);
    expect(client.accessLog).toBeUndefined();
    expect(server.accessLog).toMatchObject({ typed_config: { path: '/s.log' } });
    expect(client.tracing).toMatchObject({ random_sampling: { value: 100 } });
    expect(client.clusters?.[0]).toMatchObject({ name: 'zipkin' });
  });

  it('no telemetry, no authorization: nothing added', () => {
    expect(meshExtras(base, { side: 'server', accessLogPath: '/s.log' })).toEqual({});
  });
});
