import { defineScenario } from 'meshtax';

export default defineScenario({
  name: 'grpc-unary',
  description: 'gRPC unary calls over HTTP/2, 1 KiB responses, mTLS STRICT, open loop at 500 rps',
  workload: { protocol: 'grpc', versions: ['v1'], payloadBytes: 1024, cpuWorkUs: 0 },
  load: { model: 'open', arrival: 'uniform', ratesRps: [500], connections: 16 },
  mesh: { istioFile: './grpc-unary.istio.yaml' },
});
