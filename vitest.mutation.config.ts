import { defineConfig } from 'vitest/config';

// The unit tests of the pure statistics, for mutation testing (npm run mutation, stryker.config.mjs).
export default defineConfig({
  test: {
    // MUTATION_PARTS=stats narrows the tests to one part's (a quicker run on that part alone)
    include: (process.env.MUTATION_PARTS ?? 'stats,capacity,compare').split(',').map((part) => `src/${part}/**/*.test.ts`),
    testTimeout: 60_000,
  },
});
