import { defineConfig } from 'vitest/config';

// The unit tests of the pure statistics, for mutation testing (npm run mutation, stryker.config.mjs).
export default defineConfig({
  test: {
    include: ['src/stats/**/*.test.ts', 'src/capacity/**/*.test.ts', 'src/compare/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
