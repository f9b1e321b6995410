import { defineConfig } from 'meshtax';

// Your defaults for every run. Every field is optional; see src/config/schema.ts for all of them.
export default defineConfig({
  budgetUs: 2000, // the latency budget for the tax: 2 ms
  percentiles: [50, 90, 99, 99.9],
  verdictPercentiles: [50, 90, 99],
  timing: { rounds: 14, trialSeconds: 2, warmupSeconds: 2 },
  quick: { rounds: 6, trialSeconds: 1, warmupSeconds: 1 },
  profiles: {
    dedicated: { kind: 'dedicated' },
    // The server node (sidecar + app) capped at 15% of a CPU (150 millicores, a tight pod limit), sharing it with a neighbour burning 50%.
    'shared-core': { kind: 'shared-core', quotaPct: 15, neighbourDutyPct: 50 },
  },
  defaultProfiles: ['dedicated'],
  // Prices per node type for the capacity report, e.g. 'c6i.large': { perHour: 0.085, currency: 'USD' }.
  prices: {},
});
