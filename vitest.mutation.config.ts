import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// The unit tests of the pure statistics, for mutation testing (npm run mutation, stryker.config.mjs).
// Stryker stops a mutant at its first failing test, so the quick, exact tests run first and the
// seeded simulations (hundreds of repeats each) last: most mutants die before a simulation starts,
// and only the survivors pay for the whole set.
const PARTS = (process.env.MUTATION_PARTS ?? 'stats,capacity,compare').split(',');

/** Test files that repeat a simulation hundreds of times (≥ 0.3 s each, unmutated). */
const SIMULATIONS = [
  'identical-runs-rarely-flagged',
  'injected-regression-is-flagged',
  'injected-improvement-is-flagged',
  'bootstrap-ci-coverage',
  'bootstrap-ci-false-discovery',
  'capacity-level-rounds',
  'interval-coverage',
  'noise-floor-centred-on-zero',
  'rank-test-false-alarm-rate',
  'change-points-quiet-on-noise',
  'change-points-autocorrelated-nights',
  'fail-on-step-calibration',
  'runs-differ-more-than-rounds',
];

function isSimulation(moduleId: string): boolean {
  return SIMULATIONS.some((name) => moduleId.endsWith(`/${name}.test.ts`));
}

class QuickTestsFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => Number(isSimulation(a.moduleId)) - Number(isSimulation(b.moduleId)) || a.moduleId.localeCompare(b.moduleId));
  }
}

export default defineConfig({
  test: {
    include: PARTS.map((part) => `src/${part}/**/*.test.ts`),
    // instrumented for mutation, the bootstrap and permutation loops run many times slower
    testTimeout: 900_000,
    sequence: { sequencer: QuickTestsFirst },
  },
});
