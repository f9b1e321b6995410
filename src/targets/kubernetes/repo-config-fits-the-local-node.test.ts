import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.js';
import { projectRoot } from '../../paths.js';
import { LOAD_AGENT_RESOURCES } from './load-agent-pod.js';
import { profileResources } from './resources.js';

// The README's `npm run bench -- --scenario mtls-strict --target kubernetes` on the local cluster
// (one node of this VM's 2 CPUs) uses this repository's bench.config.ts: its dedicated profile's four
// Guaranteed containers and the load-agent pod must all be schedulable there, or the newcomer's run
// stops with "Insufficient cpu" (as it did when the agent pod arrived beside 4 × 0.5 CPU).
const LOCAL_NODE_MILLICORES = 2000;
const CONTAINERS_FOR_ONE_VERSION = 4; // baseline app, mesh app + its sidecar, client sidecar
const millicores = (q: string) => (q.endsWith('m') ? Number(q.slice(0, -1)) : Number(q) * 1000);

describe("this repository's bench.config.ts on the local cluster", () => {
  it('asks for no more CPU than the local node has: the dedicated pods and the load-agent pod', async () => {
    const { config } = await loadConfig(path.join(projectRoot, 'bench.config.ts'));
    const dedicated = profileResources(config.profiles.dedicated!, config.targets?.kubernetes?.resources);
    const perContainer = millicores(dedicated.container('server')?.requests?.cpu ?? 'unset');
    const asked = CONTAINERS_FOR_ONE_VERSION * perContainer + millicores(LOAD_AGENT_RESOURCES.requests.cpu);
    expect(asked).toBeLessThanOrEqual(LOCAL_NODE_MILLICORES);
  });
});
