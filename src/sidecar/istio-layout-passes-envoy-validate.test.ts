import { describe, expect, it } from 'vitest';
import { CANARY_WORKLOAD, EVERY_FEATURE, translate } from '../scenario/istio/testing/istio-yaml.js';
import { findEnvoy } from './index.js';
import { validateMeshBootstraps } from './preview.js';

const envoy = await findEnvoy();

describe.skipIf(!envoy)(`Istio-layout bootstraps (captured traffic) pass envoy --mode validate${envoy ? '' : ' (skipped: no Envoy; run npm run setup)'}`, () => {
  it.each(['http', 'grpc'] as const)('%s, every translated feature', async (protocol) => {
    const policy = translate(EVERY_FEATURE, CANARY_WORKLOAD);
    const verdicts = await validateMeshBootstraps(envoy!.path, policy, CANARY_WORKLOAD, protocol, { istio: true });
    expect(verdicts.filter((v) => v.exitCode !== 0)).toEqual([]);
    expect(verdicts.map((v) => v.name)).toEqual(['client', 'server-v1', 'server-v2']);
  }, 60_000);
});

describe.skipIf(!envoy)(`Telemetry and AuthorizationPolicy pass envoy --mode validate in both layouts${envoy ? '' : ' (skipped: no Envoy)'}`, async () => {
  const { loadScenario } = await import('../scenario/index.js');
  const { projectRoot } = await import('../paths.js');
  const dir = `${projectRoot}/scenarios`;
  it.each([
    ['telemetry-full', false],
    ['telemetry-full', true],
    ['authz-deny-by-default', false],
    ['authz-deny-by-default', true],
  ] as const)('%s, Istio layout %s', async (name, istio) => {
    const { scenario, policy } = await loadScenario(name, dir);
    const verdicts = await validateMeshBootstraps(envoy!.path, policy, scenario.workload, 'http', { istio });
    expect(verdicts.filter((v) => v.exitCode !== 0)).toEqual([]);
  }, 60_000);
});
