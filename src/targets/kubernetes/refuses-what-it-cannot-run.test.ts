import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../errors.js';
import { projectRoot } from '../../paths.js';
import { loadScenario } from '../../scenario/index.js';
import { refuseUnsupported } from './deploy.js';
import { KUBERNETES_SHIPPED_SCENARIOS, KUBERNETES_SUPPORTED, refuseKubernetesRun } from './refuse.js';

const SCENARIOS = [path.join(projectRoot, 'scenarios')];
const dedicated = { dedicated: { kind: 'dedicated' as const } };

describe('--target kubernetes refuses what it cannot run, as bad input', () => {
  it.each(['istio-default', 'telemetry-full', 'authz-deny-by-default', 'mtls-ambient', 'capacity-ambient'])('%s (iptables interception, telemetry, ambient)', async (name) => {
    const loaded = await loadScenario(name, SCENARIOS);
    expect(() => refuseUnsupported(loaded)).toThrow(BadInputError);
    expect(() => refuseUnsupported(loaded)).toThrow(/not implemented on --target kubernetes/);
  });

  it.each([...KUBERNETES_SHIPPED_SCENARIOS])('accepts %s, which the hint names as supported', async (name) => {
    const loaded = await loadScenario(name, SCENARIOS);
    expect(() => refuseKubernetesRun({ loaded, passes: [{ profile: 'dedicated', dataPlane: 'sidecar' }], profiles: dedicated })).not.toThrow();
    expect(KUBERNETES_SUPPORTED).toContain(name);
  });

  it('names every problem at once and says what is supported', async () => {
    const istio = await loadScenario('istio-default', SCENARIOS);
    const loaded = { ...istio, scenario: { ...istio.scenario, link: { delayMs: 5, jitterMs: 0 } } };
    let error: unknown;
    try {
      refuseKubernetesRun({ loaded, passes: [{ profile: 'pinned', dataPlane: 'sidecar' }], profiles: { pinned: { kind: 'dedicated', cpus: '0-1' } } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BadInputError);
    const { message, hint } = error as BadInputError;
    expect(message).toMatch(/interception "iptables"[\s\S]*link delay[\s\S]*profile "pinned" sets cpus "0-1"/);
    expect(hint).toMatch(/Supported on --target kubernetes:[\s\S]*mtls-strict[\s\S]*dedicated \(Guaranteed QoS[\s\S]*shared-core/);
  });

  it('refuses a cpuset only on the profiles the run uses', async () => {
    const loaded = await loadScenario('mtls-strict', SCENARIOS);
    const profiles = { ...dedicated, pinned: { kind: 'dedicated' as const, cpus: '1' } };
    expect(() => refuseKubernetesRun({ loaded, passes: [{ profile: 'dedicated', dataPlane: 'sidecar' }], profiles })).not.toThrow();
    expect(() => refuseKubernetesRun({ loaded, passes: [{ profile: 'pinned', dataPlane: 'sidecar' }], profiles })).toThrow(/cannot choose/);
  });
});
