import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../paths.js';
import { findEnvoy } from '../sidecar/index.js';
import { validateMeshBootstraps } from '../sidecar/preview.js';
import { listScenarios, loadScenario } from './index.js';

const SCENARIOS = path.join(projectRoot, 'scenarios');
const envoy = await findEnvoy();
const names = (await listScenarios(SCENARIOS)).map((s) => s.name);

describe.skipIf(!envoy)(`every shipped scenario's sidecar bootstraps pass envoy --mode validate${envoy ? '' : ' (skipped: no Envoy; run npm run setup)'}`, () => {
  it.each(names)('%s', async (name) => {
    const { scenario, policy } = await loadScenario(name, SCENARIOS);
    const verdicts = await validateMeshBootstraps(envoy!.path, policy, scenario.workload, scenario.workload.protocol, { istio: scenario.sidecar.interception === 'iptables' });
    expect(verdicts.map((v) => v.name)).toEqual(['client', ...scenario.workload.versions.map((v) => `server-${v}`)]);
    expect(verdicts.filter((v) => v.exitCode !== 0)).toEqual([]);
  }, 60_000);
});
