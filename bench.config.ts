import { defineConfig } from 'meshtax';

// Your defaults for every run. Every field is optional; see src/config/schema.ts for all of them.
export default defineConfig({
  budgetUs: 2000, // the latency budget for the tax: 2 ms
  percentiles: [50, 90, 99, 99.9],
  verdictPercentiles: [50, 90, 99],
  // A default run looks at 8 rounds, then 14, 20, 28, 40 (sequential.maxRounds), and stops when every
  // verdict percentile is decided, or before a look that would end after sequential.maxDurationS.
  timing: { rounds: 8, trialSeconds: 2, warmupSeconds: 2 },
  sequential: { maxRounds: 40, maxDurationS: 300 },
  quick: { rounds: 6, trialSeconds: 1, warmupSeconds: 1 },
  profiles: {
    dedicated: { kind: 'dedicated' },
    // The server node (sidecar + app) capped at 15% of a CPU (150 millicores, a tight pod limit), sharing it with a neighbour burning 50%.
    'shared-core': { kind: 'shared-core', quotaPct: 15, neighbourDutyPct: 50 },
  },
  defaultProfiles: ['dedicated'],
  // Prices per node type for the capacity report, e.g. 'c6i.large': { perHour: 0.085, currency: 'USD' }.
  prices: {},
  // --target kubernetes: a dedicated profile's pods are Guaranteed (requests = limits per container,
  // default 1 whole CPU). The local cluster's one node has 2 CPUs for 4 containers and the
  // load-agent pod (100m requested): 0.45 CPU each. On a cluster with bigger nodes, drop this to get
  // whole CPUs (what a static CPU manager pins).
  targets: { kubernetes: { resources: { cpuPerContainer: 0.45 } } },
});
