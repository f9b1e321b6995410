import { defineScenario } from 'meshtax';

export default defineScenario({
  name: 'istio-default',
  description: 'As Istio ships: iptables interception, Istio listener layout, 2 worker threads, mTLS STRICT, 1% tracing, no access log; HTTP/1.1 at 500 rps',
  workload: { protocol: 'http', versions: ['v1'], payloadBytes: 1024, cpuWorkUs: 0 },
  load: { model: 'open', arrival: 'uniform', ratesRps: [500], connections: 16 },
  sidecar: { concurrency: 2, interception: 'iptables' },
  mesh: { istioFile: './istio-default.istio.yaml' },
});
