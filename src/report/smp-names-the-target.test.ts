import { describe, expect, it } from 'vitest';
import { toSmp } from './smp.js';
import { fixtureRecord } from '../testing/records.js';

describe("SMP export's environment", () => {
  it('says local, with no Kubernetes version, for a local run', () => {
    const env = toSmp(fixtureRecord()).environment_config;
    expect(env.labels.target).toBe('local');
    expect(env.kubernetes_version).toBe('');
  });

  it("names the Kubernetes target and the API server's version for a cluster run", () => {
    const kubernetes = { serverVersion: 'v1.37.2', context: null, namespace: 'meshtax-r', sidecarMode: 'meshtax-envoy' as const, images: { app: 'a', envoy: 'e' }, loadAgent: 'host', nodes: [], pods: [] };
    const env = toSmp({ ...fixtureRecord(), target: { name: 'kubernetes', kubernetes } }).environment_config;
    expect(env.labels.target).toBe('kubernetes');
    expect(env.kubernetes_version).toBe('v1.37.2');
  });
});
