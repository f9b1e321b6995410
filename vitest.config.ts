import { configDefaults, defineConfig } from 'vitest/config';

// Unit tests sit beside the code (src/**/*.test.ts); end-to-end tests that start real Envoy,
// app and load processes live under test/ and run one file at a time: the machine has 2 cores
// and two e2e runs side by side would measure each other.
const KUBERNETES_FILES = 'test/kubernetes-*.test.ts';

export default defineConfig({
  test: {
    // The kubernetes project's teardown takes the local cluster down (≈ 20 s, at most cluster:down's
    // own 300 s timeout): vitest must wait for it rather than exit after its default 10 s.
    teardownTimeout: 330_000,
    projects: [
      // Unit tests first, then e2e alone: the e2e runs measure, so nothing else should share the CPUs.
      { test: { name: 'unit', include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'infra/**/*.test.ts', 'bench/**/*.test.ts'], testTimeout: 30_000, sequence: { groupOrder: 0 } } },
      {
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, KUBERNETES_FILES],
          testTimeout: 240_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      // Last, after test/cluster.test.ts (which starts and stops a cluster of its own): every
      // Kubernetes file on one local cluster, brought up once and taken down once
      // (test/testing/kubernetes-cluster.ts says how a file uses it).
      {
        test: {
          name: 'kubernetes',
          include: [KUBERNETES_FILES],
          globalSetup: ['test/testing/kubernetes-global-setup.ts'],
          setupFiles: ['test/testing/kubernetes-setup.ts'],
          testTimeout: 240_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
