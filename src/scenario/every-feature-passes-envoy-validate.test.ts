import { describe, expect, it } from 'vitest';
import { findEnvoy } from '../sidecar/index.js';
import { validateMeshBootstraps } from '../sidecar/preview.js';
import { CANARY_WORKLOAD, EVERY_FEATURE, translate } from './istio/testing/istio-yaml.js';

const envoy = await findEnvoy();

describe.skipIf(!envoy)(`bootstraps using every translated feature pass envoy --mode validate${envoy ? '' : ' (skipped: no Envoy; run npm run setup)'}`, () => {
  it.each(['http', 'grpc'] as const)('%s', async (protocol) => {
    const policy = translate(EVERY_FEATURE, CANARY_WORKLOAD);
    const verdicts = await validateMeshBootstraps(envoy!.path, policy, CANARY_WORKLOAD, protocol);
    expect(verdicts.filter((v) => v.exitCode !== 0)).toEqual([]);
    expect(verdicts.map((v) => v.name)).toEqual(['client', 'server-v1', 'server-v2']);
  }, 60_000);
});
