import { defineScenario } from 'meshtax';

// How much load does one node carry with the p99 tax inside the budget? Instead of fixed levels,
// a search: from 250 rps, double while the level passes (the p99 tax's CI within budget, errors
// ≤ 1%, dropped trials weighed as in the main run), up to 8000 rps; then bisect three times between the last pass and the
// first fail. Each level is interleaved A B B A rounds of 1 s — longer at low rates, so that every
// trial holds the 1000 requests a p99 needs (4 s at 250 rps) — and stops when it knows: it looks at
// 5, 8, 14 and 20 rounds (each look's interval at 98.75%, so the level keeps its 95%) and stops at the
// first look that passes or fails it, or before a look past 6 min of the level or 20 min of the search.
// Prices and the target load for the report's money figures live in bench.config.ts (prices,
// capacity.nodeType, capacity.targetRps).
export default defineScenario({
  name: 'capacity',
  description: 'Capacity planning: the highest offered load per node profile with the p99 tax within budget (mTLS STRICT, search 250 → 8000 rps)',
  workload: { protocol: 'http', versions: ['v1'], payloadBytes: 1024, cpuWorkUs: 0 },
  load: { model: 'open', arrival: 'uniform', connections: 16 },
  mesh: { istioFile: './capacity.istio.yaml' },
  capacity: { startRps: 250, maxRps: 8000, factor: 2, refineSteps: 3, roundsPerLevel: 5, maxRoundsPerLevel: 20, maxLevelSeconds: 360, maxSearchSeconds: 1200, trialSeconds: 1, warmupSeconds: 0.5, maxErrorPct: 1, percentile: 99 },
});
