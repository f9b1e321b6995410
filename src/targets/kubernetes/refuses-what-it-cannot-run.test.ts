import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../errors.js';
import { projectRoot } from '../../paths.js';
import { loadScenario } from '../../scenario/index.js';
import { refuseUnsupported } from './deploy.js';

const SCENARIOS = [path.join(projectRoot, 'scenarios')];

describe('--target kubernetes refuses what its first slice cannot run, as bad input', () => {
  it.each(['istio-default', 'telemetry-full', 'authz-deny-by-default'])('%s (iptables interception, telemetry)', async (name) => {
    const loaded = await loadScenario(name, SCENARIOS);
    expect(() => refuseUnsupported(loaded)).toThrow(BadInputError);
    expect(() => refuseUnsupported(loaded)).toThrow(/not implemented on --target kubernetes/);
  });

  it.each(['mtls-strict', 'canary-90-10', 'mtls-permissive', 'plaintext', 'grpc-unary', 'mtls-churn'])('accepts %s', async (name) => {
    const loaded = await loadScenario(name, SCENARIOS);
    expect(() => refuseUnsupported(loaded)).not.toThrow();
  });
});
