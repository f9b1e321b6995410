import { defineScenario } from 'meshtax';

// Sidecars or ambient, for a buyer: the `capacity` search run twice per node profile — with Envoy
// sidecars (Istio's iptables capture), then with ambient (a ztunnel per node, HBONE between them) —
// each level A B B A against its own baseline. The report puts the two capacities side by side
// with what each data plane's proxies cost per 1000 rps (= CPU-seconds per million requests), per
// node and per million requests (prices and target load: bench.config.ts). The search is the
// `capacity` scenario's, so the two are comparable.
export default defineScenario({
  name: 'capacity-ambient',
  description: 'Capacity planning, sidecars or ambient: the highest offered load per node profile with the p99 tax within budget, with Envoy sidecars and with ztunnels (mTLS STRICT, search 250 → 8000 rps)',
  workload: { protocol: 'http', versions: ['v1'], payloadBytes: 1024, cpuWorkUs: 0 },
  load: { model: 'open', arrival: 'uniform', connections: 16 },
  mesh: { istioFile: './capacity-ambient.istio.yaml' },
  sidecar: { concurrency: 1, interception: 'iptables' },
  dataPlane: 'both',
  capacity: { startRps: 250, maxRps: 8000, factor: 2, refineSteps: 3, roundsPerLevel: 5, trialSeconds: 1, warmupSeconds: 0.5, maxErrorPct: 1, percentile: 99 },
});
