/**
 * The probes through the probe DaemonSet on the local cluster (issue 14): `bench --scenario
 * mtls-strict --target kubernetes --quick` with `targets.kubernetes.probes: daemonset`, so the
 * sidecars' CPU and memory are read from the node's /proc by a reader in a privileged hostPID pod
 * (`kubectl exec -i`), not from the harness's own /proc, although the harness is on that node.
 * Real API server, kubelet, containerd, Envoy; nothing mocked.
 *
 * On the shared cluster of the `kubernetes` project (test/testing/kubernetes-cluster.ts):
 *   flock /tmp/meshtax-machine.lock npx vitest run --project kubernetes test/kubernetes-probes.test.ts
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from '../scripts/cluster/kubectl.js';
import { projectRoot } from '../src/paths.js';
import type { ResultRecord } from '../src/record/schema.js';
import { meshtax, onlyRecord, processesWithMark, tempResultsDir } from './testing/cli.js';
import { kubernetesCluster, managedNamespaces } from './testing/kubernetes-cluster.js';

const MARK = `kubernetes-probes-${process.pid}`;
const PROBES_CONFIG = path.join(projectRoot, 'test', 'fixtures', 'kube-probes.config.ts');
const cluster = kubernetesCluster('test/kubernetes-probes.test.ts');

const probeDaemonSets = async () => (await kubectl(['get', 'daemonsets', '--all-namespaces', '-l', 'meshtax.io/role=probes', '-o', 'jsonpath={.items[*].metadata.name}'])).split(' ').filter(Boolean);

describe.skipIf(!cluster.usable)('bench --target kubernetes with the probes in a DaemonSet on the node', () => {
  let record: ResultRecord;
  let exitCode: number | undefined;
  let output = '';
  let namespacesBefore: string[] = [];

  beforeAll(async () => {
    namespacesBefore = await managedNamespaces();
    const results = await tempResultsDir();
    const run = await meshtax(['bench', '--scenario', 'mtls-strict', '--target', 'kubernetes', '--quick', '--config', PROBES_CONFIG, '--results-dir', results], { timeoutMs: 600_000, mark: MARK });
    exitCode = run.exitCode;
    output = run.all ?? '';
    record = await onlyRecord(results);
  }, 900_000);

  it('finishes with a completed record that says the containers were probed through the DaemonSet pod on the node', () => {
    expect([0, 1], output).toContain(exitCode);
    expect(record.state, record.partialReason).toBe('completed');
    const node = record.target!.kubernetes!.pods[0]!.node;
    expect(record.profiles[0]!.notes.join('\n')).toMatch(new RegExp(`probed through the probe DaemonSet: DaemonSet pod \\S+ on node ${node}`));
  });

  it('has the sidecars\' CPU and memory from the node\'s /proc as the probe pod read them', () => {
    const mesh = record.trials.filter((t) => !t.warmup && t.variant === 'mesh');
    expect(mesh.length).toBeGreaterThan(0);
    for (const trial of mesh) {
      const usage = trial.probes?.find((s) => s.name === 'process-usage');
      expect(usage?.available, usage?.note).toBe(true);
      expect(usage?.labels?.['envoy-client.readVia']).toMatch(/^DaemonSet pod \S+ on node /);
      expect(usage?.labels?.['envoy-server-v1.readVia']).toMatch(/^DaemonSet pod \S+ on node /);
      // The load agent runs on the harness host and is read from its own /proc.
      expect(usage?.labels?.['load-agent.readVia']).toBeUndefined();
      expect(usage?.summary['envoy-client.meanMillicores']).toBeGreaterThan(0);
      expect(usage?.summary['envoy-client.maxRssMiB']).toBeGreaterThan(0);
    }
    expect(record.probes[0]?.sidecarMillicoresPer1000Rps).toBeGreaterThan(0);
    expect(record.probes[0]?.sidecarRssMiB).toBeGreaterThan(0);
  });

  it('read the server pod\'s cgroup cpu.stat through the probe pod too', () => {
    const mesh = record.trials.find((t) => !t.warmup && t.variant === 'mesh')!;
    const cgroup = mesh.probes?.find((s) => s.name === 'cgroup-server');
    expect(cgroup?.available, cgroup?.note).toBe(true);
    expect(cgroup?.labels?.cgroup).toMatch(/\/pod[0-9a-f_-]+$/);
  });

  it('leaves no DaemonSet, no namespace and no reader (kubectl exec) process behind', async () => {
    expect(record.cleanup.failures).toEqual([]);
    expect(await processesWithMark(MARK)).toEqual([]);
    expect(await probeDaemonSets()).toEqual([]);
    expect(await managedNamespaces()).toEqual(namespacesBefore);
  });
});
