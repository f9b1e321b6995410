/**
 * `--target kubernetes` end to end on the local cluster (docs/KUBERNETES.md), no-Istio mode:
 * `bench --scenario mtls-strict --target kubernetes --quick` deploys the baseline, mesh server and
 * client-sidecar pods in a namespace of its own, measures, verifies mTLS STRICT against the pods,
 * writes a record marked `target: kubernetes`, and leaves no namespace behind; the next run sweeps
 * a dead run's namespace and spares a live one's. Real API server, kubelet, containerd, Envoy.
 *
 * Runs when the cluster's binaries are built (`npm run cluster:build`); root only. The cluster is
 * the one all Kubernetes files share (test/testing/kubernetes-cluster.ts). Under the machine lock:
 *   flock /tmp/meshtax-machine.lock npx vitest run test/kubernetes-target.test.ts
 */
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from '../scripts/cluster/kubectl.js';
import { projectRoot } from '../src/paths.js';
import type { ResultRecord } from '../src/record/schema.js';
import { namespaceManifest } from '../src/targets/kubernetes/manifests.js';
import { kubernetesTarget } from '../src/targets/index.js';
import { meshtax, onlyRecord, tempResultsDir, waitForOutput } from './testing/cli.js';
import { kubernetesCluster, managedNamespaces } from './testing/kubernetes-cluster.js';

// fast.config.ts's trials, with Guaranteed pods small enough for the one 2-CPU node.
const KUBE_CONFIG = path.join(projectRoot, 'test', 'fixtures', 'kube.config.ts');
// The same, with the dedicated profile's server and client sidecar in node pools (nodeSelectors).
const POOLS_CONFIG = path.join(projectRoot, 'test', 'fixtures', 'kube-pools.config.ts');
const SERVER_POOL_LABEL = 'meshtax.io/test-pool';
const CLIENT_POOL_LABEL = 'meshtax.io/test-client-pool';
const labelNode = (node: string, labels: string[]) => kubectl(['label', 'node', node, ...labels, '--overwrite']);

const cluster = kubernetesCluster('test/kubernetes-target.test.ts');

describe.skipIf(!cluster.usable)('bench --target kubernetes on the local cluster (no Istio: meshtax\'s own Envoy sidecars)', () => {
  let record: ResultRecord;
  let exitCode: number | undefined;
  let output = '';
  let namespacesBefore: string[] = [];
  let node = '';

  // This first run also places its pods in node pools (both pools' labels on the one node); the
  // other runs place them without nodeSelectors. One deploy fewer than a run of its own for pools.
  beforeAll(async () => {
    namespacesBefore = await managedNamespaces();
    node = (await kubectl(['get', 'nodes', '-o', 'jsonpath={.items[0].metadata.name}'])).trim();
    const results = await tempResultsDir();
    await labelNode(node, [`${SERVER_POOL_LABEL}=server`, `${CLIENT_POOL_LABEL}=client`]);
    try {
      const run = await meshtax(['bench', '--scenario', 'mtls-strict', '--target', 'kubernetes', '--quick', '--config', POOLS_CONFIG, '--results-dir', results], { timeoutMs: 600_000 });
      exitCode = run.exitCode;
      output = run.all ?? '';
    } finally {
      await kubectl(['label', 'node', node, `${SERVER_POOL_LABEL}-`, `${CLIENT_POOL_LABEL}-`]);
    }
    record = await onlyRecord(results);
  }, 900_000);

  it('finishes with a verdict and a completed record marked target: kubernetes, with the cluster and its nodes', () => {
    expect([0, 1], output).toContain(exitCode);
    expect(output).toMatch(/Verdict: (PASS|FAIL|INCONCLUSIVE)/);
    expect(record.state, record.partialReason).toBe('completed');
    const k = record.target?.kubernetes;
    expect(record.target?.name).toBe('kubernetes');
    expect(k?.serverVersion).toMatch(/^v1\.\d+\.\d+/);
    expect(k?.sidecarMode).toBe('meshtax-envoy');
    expect(k?.nodes.length).toBeGreaterThan(0);
    const nodeNames = k!.nodes.map((n) => n.name);
    expect(k!.pods.map((p) => p.role).sort()).toEqual(['baseline v1', 'client', 'server v1']);
    for (const pod of k!.pods) expect(nodeNames).toContain(pod.node);
    expect(record.profiles[0]!.notes.join('\n')).toMatch(/the load agent ran as pod \S+ on node /);
  });

  it('measured both paths through the pods, interleaved, with every trial histogram', () => {
    const measured = record.trials.filter((t) => !t.warmup);
    expect(measured.map((t) => t.variant).slice(0, 4)).toEqual(['baseline', 'mesh', 'mesh', 'baseline']);
    expect(measured).toHaveLength(record.settings.rounds * 4);
    expect(measured.every((t) => t.load.completed > 0 && t.load.latencyHistogram.startsWith('HISTF'))).toBe(true);
    const p50 = record.summary.find((r) => r.percentile === 50)!;
    expect(p50.meshUs!).toBeGreaterThan(0);
  });

  it('verified mTLS STRICT against the server pod: plaintext and foreign-CA clients refused, a workload served', () => {
    const names = record.checks.map((c) => c.name).join('\n');
    expect(names).toMatch(/plaintext client[\s\S]*foreign CA[\s\S]*valid workload/);
    expect(record.checks.filter((c) => !c.passed)).toEqual([]);
  });

  it('ran the sidecars with the generated configuration, read their stats from the pods, and probed their processes', () => {
    expect(record.envoy.configs?.map((c) => c.sidecar).sort()).toEqual(['client', 'server-v1']);
    const mesh = record.trials.find((t) => !t.warmup && t.variant === 'mesh')!;
    expect(Object.keys(mesh.envoyStats ?? {}).sort()).toEqual(['client', 'server-v1']);
    // The harness runs on the pods' node: the sidecars' CPU comes from their host processes.
    expect(record.probes[0]?.sidecarMillicoresPer1000Rps).toBeGreaterThan(0);
    expect(record.probes[0]?.sidecarRssMiB).toBeGreaterThan(0);
  });

  it('leaves no namespace behind', async () => {
    expect(record.cleanup.failures).toEqual([]);
    expect(await managedNamespaces()).toEqual(namespacesBefore);
  });

  it('runs canary-90-10: v1 and v2 server pods, the split and mTLS checks hold, no namespace left', async () => {
    const results = await tempResultsDir();
    const run = await meshtax(['bench', '--scenario', 'canary-90-10', '--target', 'kubernetes', '--quick', '--config', KUBE_CONFIG, '--results-dir', results], { timeoutMs: 600_000 });
    expect([0, 1], run.all).toContain(run.exitCode);
    const canary = await onlyRecord(results);
    expect(canary.state, canary.partialReason).toBe('completed');
    expect(canary.target!.kubernetes!.pods.map((p) => p.role).sort()).toEqual(['baseline v1', 'client', 'server v1', 'server v2']);
    expect(canary.checks.map((c) => c.name).join('\n')).toMatch(/canary/i);
    expect(canary.checks.filter((c) => !c.passed)).toEqual([]);
    expect(await managedNamespaces()).toEqual(namespacesBefore);
  }, 600_000);

  it('on Ctrl-C mid-run deletes the namespace, keeps what was measured, exits 130', async () => {
    const results = await tempResultsDir();
    const run = meshtax(['bench', '--scenario', 'mtls-strict', '--target', 'kubernetes', '--config', KUBE_CONFIG, '--results-dir', results], { timeoutMs: 600_000 });
    await waitForOutput(run, (text) => /\[\s*10\/\d+\]/.test(text), 300_000);
    run.kill('SIGINT');
    const done = await run;
    expect(done.exitCode, done.all).toBe(130);
    const partial = await onlyRecord(results);
    expect(partial.state).toBe('partial');
    expect(partial.target?.name).toBe('kubernetes');
    expect(partial.trials.length).toBeGreaterThanOrEqual(10);
    expect(partial.cleanup.failures).toEqual([]);
    expect(await managedNamespaces()).toEqual(namespacesBefore);
  }, 600_000);

  it("placed the first run's pods in its node pools (two labels on the one node), and stops at once when no node has a pool's label", async () => {
    expect(record.profiles[0]!.notes.join('\n')).toMatch(/server pods on nodeSelector \{"meshtax.io\/test-pool":"server"\}, client sidecar on nodeSelector \{"meshtax.io\/test-client-pool":"client"\}/);
    expect(record.target!.kubernetes!.pods.every((p) => p.node === node)).toBe(true);
    const results = await tempResultsDir();
    await labelNode(node, [`${CLIENT_POOL_LABEL}=client`]);
    try {
      const unplaced = await meshtax(['bench', '--scenario', 'mtls-strict', '--target', 'kubernetes', '--quick', '--config', POOLS_CONFIG, '--results-dir', results], { timeoutMs: 600_000 });
      expect(unplaced.exitCode, unplaced.all).toBe(3);
      const partial = await onlyRecord(results);
      expect(partial.partialReason).toMatch(/cannot start: unschedulable/);
      expect(partial.cleanup.failures).toEqual([]);
    } finally {
      await kubectl(['label', 'node', node, `${CLIENT_POOL_LABEL}-`]);
    }
    expect(await managedNamespaces()).toEqual(namespacesBefore);
  }, 600_000);

  it("sweeps a dead run's namespace and spares a live run's", async () => {
    const dead = execa('true');
    await dead;
    const deadOwner = { host: (await import('node:os')).hostname(), pid: dead.pid!, pidStartTicks: '1' };
    const { currentOwner } = await import('../src/targets/kubernetes/sweep.js');
    await kubectl(['create', '-f', '-'], { input: JSON.stringify(namespaceManifest('meshtax-test-dead-run', 'test-dead-run', deadOwner)) });
    await kubectl(['create', '-f', '-'], { input: JSON.stringify(namespaceManifest('meshtax-test-live-run', 'test-live-run', await currentOwner())) });
    try {
      const swept = await kubernetesTarget().sweepLeftovers();
      expect(swept.join('\n')).toMatch(/test-dead-run: namespace meshtax-test-dead-run/);
      const left = await managedNamespaces();
      expect(left).toContain('meshtax-test-live-run');
      expect(left).not.toContain('meshtax-test-dead-run');
    } finally {
      await kubectl(['delete', 'namespace', 'meshtax-test-live-run', 'meshtax-test-dead-run', '--ignore-not-found', '--wait=true'], { timeoutMs: 120_000 });
    }
  }, 180_000);
});
