import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code (src/**/*.test.ts); end-to-end tests that start real Envoy,
// app and load processes live under test/ and run one file at a time: the machine has 2 cores
// and two e2e runs side by side would measure each other.
export default defineConfig({
  test: {
    projects: [
      // Unit tests first, then e2e alone: the e2e runs measure, so nothing else should share the CPUs.
      { test: { name: 'unit', include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'infra/**/*.test.ts', 'bench/**/*.test.ts'], testTimeout: 30_000, sequence: { groupOrder: 0 } } },
      {
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          testTimeout: 240_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
