// Mutation testing of the statistics (issue 12 §6): `npm run mutation` (all three parts, long) or
// `npm run mutation -- --mutate 'src/stats/**/*.ts,!src/stats/**/*.test.ts,!src/stats/testing/**'`.
// Not part of `npm test`. Run it under the machine lock: it keeps both cores busy.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'src/stats/**/*.ts',
    'src/capacity/**/*.ts',
    'src/compare/**/*.ts',
    '!src/**/*.test.ts',
    '!src/**/testing/**',
    '!src/**/index.ts',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 60_000,
  dryRunTimeoutMinutes: 20,
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: '.meshtax/mutation/index.html' },
  tempDirName: '.stryker-tmp',
  // the Envoy binary link and run results are no part of what is mutated
  ignorePatterns: ['/.meshtax', '/results', '/reports', '/dist'],
  thresholds: { high: 90, low: 80, break: null },
};
