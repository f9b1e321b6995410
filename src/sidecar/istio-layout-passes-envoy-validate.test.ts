import { describe, expect, it } from 'vitest';
import { CANARY_WORKLOAD, EVERY_FEATURE, translate } from '../scenario/istio/testing/istio-yaml.js';
import { findEnvoy } from './index.js';
import { validateMeshBootstraps } from './testing/envoy-validate.js';

const envoy = await findEnvoy();

describe.skipIf(!envoy)(`Istio-layout bootstraps (captured traffic) pass envoy --mode validate${envoy ? '' : ' (skipped: no Envoy; run npm run setup)'}`, () => {
  it.each(['http', 'grpc'] as const)('%s, every translated feature', async (protocol) => {
    const policy = translate(EVERY_FEATURE, CANARY_WORKLOAD);
    const verdicts = await validateMeshBootstraps(envoy!.path, policy, CANARY_WORKLOAD, protocol, { istio: true });
    expect(verdicts.filter((v) => v.exitCode !== 0)).toEqual([]);
    expect(verdicts.map((v) => v.name)).toEqual(['client', 'server-v1', 'server-v2']);
  }, 60_000);
});
