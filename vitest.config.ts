import { configDefaults, defineConfig } from 'vitest/config';

// Unit tests sit beside the code (src/**/*.test.ts); end-to-end tests that start real Envoy,
// app and load processes live under test/ and run one file at a time: the machine has 2 cores
// and two e2e runs side by side would measure each other.
const KUBERNETES_FILES = 'test/kubernetes-*.test.ts';

export default defineConfig({
  test: {
    // The kubernetes project's teardown takes the local cluster down and checks what it left (≈ 25 s,
    // at most cluster:down's own 300 s timeout): vitest must wait for it rather than exit after its default 10 s.
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
      // Last, after the e2e project: every Kubernetes file on one local cluster, brought up once and
      // taken down once per run (test/testing/kubernetes-cluster.ts says how a file uses it). The
      // cluster's own checks ride on that one bring-up: test/kubernetes-cluster-lifecycle.test.ts,
      // and the teardown's check that `down` left nothing behind, which fails the run if not.
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
