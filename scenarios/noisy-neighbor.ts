import { defineScenario } from 'meshtax';

// The seed of meshtax: sidecars fighting the app for CPU on an oversold, shared-core host.
// Runs on both profiles; compare the tax and the server node's throttling side by side.
export default defineScenario({
  name: 'noisy-neighbor',
  description: 'mTLS STRICT, app doing 50 µs of CPU work per request, on dedicated vs shared-core (CFS quota + a noisy neighbour)',
  workload: { protocol: 'http', versions: ['v1'], payloadBytes: 1024, cpuWorkUs: 50 },
  load: { model: 'open', arrival: 'poisson', ratesRps: [400], connections: 16 },
  mesh: { istioFile: './noisy-neighbor.istio.yaml' },
  profiles: ['dedicated', 'shared-core'],
});
