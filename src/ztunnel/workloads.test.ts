import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { localWorkloadConfig, spiffeIdOf } from './workloads.js';

const workloads = [
  { name: 'loadgen', namespace: 'default', serviceAccount: 'loadgen', ip: '198.18.0.1', node: 'client' },
  { name: 'sample-api-v1', namespace: 'default', serviceAccount: 'sample-api', ip: '198.18.0.2', node: 'server' },
];

describe('localWorkloadConfig', () => {
  it('gives every workload HBONE, its trust domain and the services map ztunnel requires', () => {
    const config = parse(localWorkloadConfig(workloads, { strict: false })) as { workloads: Record<string, unknown>[]; policies: unknown[]; services: unknown[] };
    expect(config.workloads).toHaveLength(2);
    for (const w of config.workloads) expect(w).toMatchObject({ protocol: 'HBONE', trustDomain: 'cluster.local', services: {} });
    expect(config.workloads[1]).toMatchObject({ workloadIps: ['198.18.0.2'], serviceAccount: 'sample-api' });
    expect(config.policies).toEqual([]);
  });

  it('turns STRICT into a global deny of connections without a peer identity', () => {
    const text = localWorkloadConfig(workloads, { strict: true });
    expect(text).toMatch(/"notPrincipals": \[\s*!Presence \[\]\s*\]/);
    const config = parse(text, { customTags: [{ tag: '!Presence', collection: 'seq', resolve: () => 'presence' }] }) as { policies: { action: string; scope: string; rules: unknown }[] };
    expect(config.policies).toEqual([expect.objectContaining({ action: 'Deny', scope: 'Global', rules: [[[{ notPrincipals: ['presence'] }]]] })]);
  });

  it('names identities in the SPIFFE form ztunnel presents', () => {
    expect(spiffeIdOf(workloads[1]!)).toBe('spiffe://cluster.local/ns/default/sa/sample-api');
  });
});
