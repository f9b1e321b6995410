import { defineScenario } from 'meshtax';

export default defineScenario({
  name: 'authz-deny-by-default',
  description: 'istio-default plus deny-by-default authorization: allow-nothing, then GET for the load identity only, /admin denied; RBAC on every request',
  workload: { protocol: 'http', versions: ['v1'], payloadBytes: 1024, cpuWorkUs: 0 },
  load: { model: 'open', arrival: 'uniform', ratesRps: [500], connections: 16 },
  sidecar: { concurrency: 2, interception: 'iptables' },
  mesh: { istioFile: './authz-deny-by-default.istio.yaml' },
});
