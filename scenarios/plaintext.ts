import { defineScenario } from 'meshtax';

export default defineScenario({
  name: 'plaintext',
  description: 'HTTP/1.1, 1 KiB responses, sidecars without TLS (the cost of the proxies alone), open loop at 500 rps',
  workload: { protocol: 'http', versions: ['v1'], payloadBytes: 1024, cpuWorkUs: 0 },
  load: { model: 'open', arrival: 'uniform', ratesRps: [500], connections: 16 },
  mesh: { istioFile: './plaintext.istio.yaml' },
});
