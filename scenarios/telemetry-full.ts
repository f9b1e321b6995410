import { defineScenario } from 'meshtax';

export default defineScenario({
  name: 'telemetry-full',
  description: 'istio-default plus every request logged (Envoy access log, Istio TEXT format) and traced (100% sampling to Zipkin)',
  workload: { protocol: 'http', versions: ['v1'], payloadBytes: 1024, cpuWorkUs: 0 },
  load: { model: 'open', arrival: 'uniform', ratesRps: [500], connections: 16 },
  sidecar: { concurrency: 2, interception: 'iptables' },
  mesh: { istioFile: './telemetry-full.istio.yaml' },
});
