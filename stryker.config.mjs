// Mutation testing of the statistics (issue 12 §6). Run it through `npm run mutation`
// (scripts/mutation.ts: one product file of src/stats, src/capacity, src/compare at a time, each
// with its own incremental result under mutation/incremental/). Not part of `npm test`. Niced, one
// core (concurrency 1), so it can share the VM; a measurement that needs the machine quiet may
// SIGSTOP it.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // related: only the tests that import the mutated file run
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  plugins: ['@stryker-mutator/vitest-runner'],
  // the default set (scripts/mutation.ts narrows it to one file); product files only: no tests, simulation helpers (testing/), re-exports (index.ts) or pure types
  mutate: [
    'src/stats/**/*.ts',
    'src/capacity/**/*.ts',
    'src/compare/**/*.ts',
    '!src/**/*.test.ts',
    '!src/**/testing/**',
    '!src/**/index.ts',
    '!src/stats/types.ts',
  ],
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: 'mutation/incremental/all.json',
  concurrency: 1,
  timeoutMS: 10_000,
  dryRunTimeoutMinutes: 20,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: '.meshtax/mutation/index.html' },
  jsonReporter: { fileName: '.meshtax/mutation/report.json' },
  tempDirName: '.stryker-tmp',
  // the Envoy binary link and run results are no part of what is mutated
  ignorePatterns: ['/.meshtax', '/results', '/reports', '/dist', '/mutation'],
  thresholds: { high: 90, low: 80, break: null },
};
