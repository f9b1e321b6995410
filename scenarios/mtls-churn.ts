import { defineScenario } from 'meshtax';

export default defineScenario({
  name: 'mtls-churn',
  description: 'mTLS STRICT with short-lived connections (new every 20 requests) beside keep-alive: the connection-setup tax',
  workload: { protocol: 'http', versions: ['v1'], payloadBytes: 1024, cpuWorkUs: 0 },
  load: { model: 'open', arrival: 'uniform', ratesRps: [500], connections: 16, newConnectionEvery: 20 },
  mesh: { istioFile: './mtls-churn.istio.yaml' },
});
