import { defineScenario } from 'meshtax';

export default defineScenario({
  name: 'canary-90-10',
  description: 'HTTP/1.1, 1 KiB responses, mTLS STRICT, canary split 90% v1 / 10% v2, open loop at 500 rps',
  workload: { protocol: 'http', versions: ['v1', 'v2'], payloadBytes: 1024, cpuWorkUs: 0 },
  load: { model: 'open', arrival: 'uniform', ratesRps: [500], connections: 16 },
  mesh: { istioFile: './canary-90-10.istio.yaml' },
});
