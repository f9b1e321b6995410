import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// The unit tests, for mutation testing (npm run mutation, stryker.config.mjs). By default a part's
// own tests (src/<part>/**): a mutant counts as killed when they fail. MUTATION_TESTS=all takes every
// unit test under src/ (the report's tests check src/capacity's words too), but a surviving mutant
// of a file the report imports then costs about a minute on this VM (src/capacity/words.ts: 105
// related tests, 68 s net). Stryker's `related` option keeps a run to the tests that import the
// mutated file, and per-test coverage to those that execute the mutant.
// Stryker stops a mutant at its first failing test, so the quick, exact tests of the mutated part
// run first, then its tests that build whole records, then other parts' tests, and the seeded
// simulations (hundreds of repeats each) last:
// most mutants die before a simulation starts, and only the survivors pay for the whole set.
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
  'noise-floor-flag-needs-zero-in-range',
  'rank-test-false-alarm-rate',
  'change-points-quiet-on-noise',
  'change-points-autocorrelated-nights',
  'fail-on-step-calibration',
  'runs-differ-more-than-rounds',
  'change-points-find-a-step',
  'dropped-data-is-evidence',
  'bootstrap-ci-percentile-method',
];

/** Tests that build whole result records (each a summarised run, seconds once instrumented). */
const buildsRecords = (moduleId: string): boolean => readFileSync(moduleId, 'utf8').includes('fabricateRecord(');

function rank(moduleId: string): number {
  if (SIMULATIONS.some((name) => moduleId.endsWith(`/${name}.test.ts`))) return 3;
  if (!PARTS.some((part) => moduleId.includes(`/src/${part}/`))) return 2;
  return buildsRecords(moduleId) ? 1 : 0;
}

class QuickTestsFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => rank(a.moduleId) - rank(b.moduleId) || a.moduleId.localeCompare(b.moduleId));
  }
}

/**
 * MUTATION_TESTS: unset, a part's own tests; `all`, every unit test; otherwise a comma-separated
 * list of test files or globs — to narrow a file whose tests summarise whole runs at describe level
 * (static mutants then rerun every one of them: src/stats/merged-tax.ts would take hours).
 */
function includedTests(setting: string | undefined): string[] {
  if (setting === 'all') return ['src/**/*.test.ts'];
  if (setting) return setting.split(',').map((glob) => glob.trim());
  return PARTS.map((part) => `src/${part}/**/*.test.ts`);
}

export default defineConfig({
  test: {
    include: includedTests(process.env.MUTATION_TESTS),
    // instrumented for mutation, the bootstrap and permutation loops run many times slower
    testTimeout: 900_000,
    sequence: { sequencer: QuickTestsFirst },
  },
});
