import { defineScenario } from 'meshtax';

// Sidecars or ambient: the sidecar pass with Istio's iptables capture, then the ambient pass
// (ztunnels, the same capture in ztunnel's form), each ABBA against its own baseline.
export default defineScenario({
  name: 'mtls-ambient',
  description: 'HTTP/1.1, 1 KiB responses, mTLS STRICT, sidecars then ambient (ztunnel) at 500 rps, side by side',
  workload: { protocol: 'http', versions: ['v1'], payloadBytes: 1024, cpuWorkUs: 0 },
  load: { model: 'open', arrival: 'uniform', ratesRps: [500], connections: 16 },
  mesh: { istioFile: './mtls-ambient.istio.yaml' },
  sidecar: { concurrency: 1, interception: 'iptables' },
  dataPlane: 'both',
});
