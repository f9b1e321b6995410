import { access } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../paths.js';
import { listScenarios, loadScenario } from './index.js';

const SCENARIOS = path.join(projectRoot, 'scenarios');
const load = (name: string) => loadScenario(name, SCENARIOS);
const DEFAULT_ROUTE = [{ name: 'default', matches: [], destinations: [{ subset: '', weight: 100 }] }];

describe('shipped scenarios translate to the policy their name promises', () => {
  it('every scenario has a description and its Istio YAML beside it', async () => {
    const scenarios = await listScenarios(SCENARIOS);
    expect(scenarios.map((s) => s.name)).toEqual(expect.arrayContaining(['canary-90-10', 'grpc-unary', 'mtls-permissive', 'mtls-strict', 'plaintext']));
    for (const s of scenarios) {
      expect(s.description).not.toBe('');
      await access(path.join(SCENARIOS, `${s.name}.istio.yaml`));
    }
  });

  it('plaintext: no TLS on either side', async () => {
    const { policy } = await load('plaintext');
    expect(policy.inbound).toEqual({ v1: { mode: 'DISABLE', portModes: {} } });
    expect(policy.outbound).toMatchObject({ tlsMode: 'DISABLE', routes: DEFAULT_ROUTE });
  });

  it('mtls-permissive: the server takes both, the client sends mTLS (auto-mTLS)', async () => {
    const { policy } = await load('mtls-permissive');
    expect(policy.inbound).toEqual({ v1: { mode: 'PERMISSIVE', portModes: {} } });
    expect(policy.outbound.tlsMode).toBe('ISTIO_MUTUAL');
  });

  it('canary-90-10: two versions, subsets, 90/10 split over mTLS STRICT', async () => {
    const { scenario, policy } = await load('canary-90-10');
    expect(scenario.workload.versions).toEqual(['v1', 'v2']);
    expect(policy.inbound).toEqual({ v1: { mode: 'STRICT', portModes: {} }, v2: { mode: 'STRICT', portModes: {} } });
    expect(policy.outbound).toMatchObject({
      tlsMode: 'ISTIO_MUTUAL',
      subsets: [
        { name: 'v1', version: 'v1' },
        { name: 'v2', version: 'v2' },
      ],
      routes: [{ matches: [], destinations: [{ subset: 'v1', weight: 90 }, { subset: 'v2', weight: 10 }] }],
    });
  });

  it('grpc-unary: gRPC workload, mTLS STRICT', async () => {
    const { scenario, policy } = await load('grpc-unary');
    expect(scenario.workload.protocol).toBe('grpc');
    expect(policy.inbound.v1?.mode).toBe('STRICT');
    expect(policy.outbound).toMatchObject({ tlsMode: 'ISTIO_MUTUAL', routes: DEFAULT_ROUTE });
  });

  it('mtls-ambient: STRICT, measured with sidecars (Istio capture) and with ambient side by side', async () => {
    const { scenario, policy } = await load('mtls-ambient');
    expect(scenario.dataPlane).toBe('both');
    expect(scenario.sidecar.interception).toBe('iptables');
    expect(policy.inbound.v1?.mode).toBe('STRICT');
  });

  it('capacity-ambient: the capacity search of `capacity`, with sidecars (Istio capture) and with ambient', async () => {
    const [{ scenario, policy }, capacity] = await Promise.all([load('capacity-ambient'), load('capacity')]);
    expect(scenario.dataPlane).toBe('both');
    expect(scenario.sidecar.interception).toBe('iptables');
    expect(scenario.capacity).toEqual(capacity.scenario.capacity);
    expect(policy.inbound.v1?.mode).toBe('STRICT');
  });
});
