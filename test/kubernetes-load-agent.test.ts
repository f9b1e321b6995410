/**
 * The load agent as a pod on the client node pool, end to end on the local cluster
 * (docs/KUBERNETES.md, docs/REMOTE-LOAD-AGENT.md): `bench --scenario mtls-strict --target
 * kubernetes --quick` with `targets.kubernetes.loadAgent: 'pod'` starts `meshtax agent` from the
 * app image on the node labelled as the profile's client pool, reaches it over mutual TLS through
 * `kubectl port-forward`, measures both paths from inside the cluster, and says in the record
 * which pod and node the agent ran on. Real API server, kubelet, containerd, Envoy.
 *
 * On the shared cluster of the `kubernetes` project (test/testing/kubernetes-cluster.ts):
 *   flock /tmp/meshtax-machine.lock npx vitest run --project kubernetes test/kubernetes-load-agent.test.ts
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from '../scripts/cluster/kubectl.js';
import { projectRoot } from '../src/paths.js';
import type { ResultRecord } from '../src/record/schema.js';
import { meshtax, onlyRecord, tempResultsDir } from './testing/cli.js';
import { kubernetesCluster, managedNamespaces } from './testing/kubernetes-cluster.js';

const AGENT_POD_CONFIG = path.join(projectRoot, 'test', 'fixtures', 'kube-agent-pod.config.ts');
const POOL_LABEL = 'meshtax.io/test-agent-pool';
const cluster = kubernetesCluster('test/kubernetes-load-agent.test.ts');

describe.skipIf(!cluster.usable)('the load agent as a pod on the client node pool (--target kubernetes, local cluster)', () => {
  let record: ResultRecord;
  let exitCode: number | undefined;
  let output = '';
  let namespacesBefore: string[] = [];
  let node = '';

  beforeAll(async () => {
    namespacesBefore = await managedNamespaces();
    node = (await kubectl(['get', 'nodes', '-o', 'jsonpath={.items[0].metadata.name}'])).trim();
    await kubectl(['label', 'node', node, `${POOL_LABEL}=client`, '--overwrite']);
    try {
      const results = await tempResultsDir();
      const run = await meshtax(['bench', '--scenario', 'mtls-strict', '--target', 'kubernetes', '--quick', '--config', AGENT_POD_CONFIG, '--results-dir', results], { timeoutMs: 600_000 });
      exitCode = run.exitCode;
      output = run.all ?? '';
      record = await onlyRecord(results);
    } finally {
      await kubectl(['label', 'node', node, `${POOL_LABEL}-`]);
    }
  }, 900_000);

  it('finishes with a verdict and a verdict row per percentile', () => {
    expect([0, 1], output).toContain(exitCode);
    expect(output).toMatch(/Verdict: (PASS|FAIL|INCONCLUSIVE)/);
    expect(record.state, record.partialReason).toBe('completed');
    expect(record.summary.map((r) => r.percentile)).toEqual(record.settings.percentiles);
    expect(record.summary.every((r) => ['PASS', 'FAIL', 'INCONCLUSIVE'].includes(r.verdict))).toBe(true);
  });

  it('says the agent ran as a pod on the labelled node, reached over mutual TLS through kubectl port-forward', () => {
    const k = record.target!.kubernetes!;
    expect(k.loadAgents).toHaveLength(1);
    const agent = k.loadAgents![0]!;
    expect(agent).toMatchObject({ profile: 'dedicated', where: 'pod', node, qosClass: 'Burstable' });
    expect(agent.pod).toMatch(/^dedicated-load-agent-/);
    expect(agent.reachedBy).toMatch(/kubectl port-forward 127\.0\.0\.1:\d+ → dedicated-load-agent-.*mutual TLS/);
    expect(k.loadAgent).toMatch(new RegExp(`as pod ${agent.pod} on node ${node}`));
    expect(record.profiles[0]!.notes.join('\n')).toMatch(/the load agent ran as pod dedicated-load-agent-\S+ on node/);
    expect(record.profiles[0]!.fidelity.reason).toMatch(/load agent as pod/);
  });

  it('measured both paths from the agent pod, every trial with its histogram', () => {
    const measured = record.trials.filter((t) => !t.warmup);
    expect(measured).toHaveLength(record.settings.rounds * 4);
    expect(measured.every((t) => t.load.completed > 0 && t.load.errors === 0 && t.load.latencyHistogram.startsWith('HISTF'))).toBe(true);
    expect(record.checks.filter((c) => !c.passed)).toEqual([]);
  });

  it('leaves no namespace behind', async () => {
    expect(record.cleanup.failures).toEqual([]);
    expect(await managedNamespaces()).toEqual(namespacesBefore);
  });
});
