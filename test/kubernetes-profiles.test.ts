/**
 * Node profiles as pod resources on the local cluster (docs/KUBERNETES.md), one real run of
 * `bench --scenario mtls-strict --target kubernetes --profile dedicated,shared-core`:
 * - dedicated: every pod Guaranteed as the API server reports it (requests = limits);
 * - shared-core: the server pods carry a pod CPU limit of the profile's quota, which the kernel
 *   enforces (the pod cgroup's CFS quota, read while the run is on; throttling in the record), and
 *   a noisy-neighbour pod burns on the same node while the run is on, and not after it;
 * - each path through its Service's ClusterIP; the kubelet's CPU manager policy recorded;
 * - nothing left behind: no namespace, no burner process;
 * - a run the target cannot do is refused (exit 2, what is supported) before any namespace exists.
 * Real API server, kubelet, containerd, kube-proxy, Envoy.
 *
 * Runs when the cluster's binaries are built (`npm run cluster:build`); root only. The cluster is
 * the one all Kubernetes files share (test/testing/kubernetes-cluster.ts). Under the machine lock:
 *   flock /tmp/meshtax-machine.lock npx vitest run test/kubernetes-profiles.test.ts
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from '../scripts/cluster/kubectl.js';
import { projectRoot } from '../src/paths.js';
import type { ResultRecord } from '../src/record/schema.js';
import { meshtax, onlyRecord, tempResultsDir, waitForOutput } from './testing/cli.js';
import { kubernetesCluster, managedNamespaces } from './testing/kubernetes-cluster.js';

const cluster = kubernetesCluster('test/kubernetes-profiles.test.ts');
const KUBE_CONFIG = path.join(projectRoot, 'test', 'fixtures', 'kube.config.ts');

/** Host processes running the neighbour's burner (its script is in the command line). */
async function burnerProcesses(): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes('Atomics.wait(s,0,0,idle)')) found.push(Number(entry));
  }
  return found;
}

/** The CFS quota of a pod's CPU cgroup (cgroupfs driver: a folder `pod<uid>` under kubepods), µs per period; -1 unlimited. */
async function podCfsQuotaUs(uid: string): Promise<number | undefined> {
  const root = (await readdir('/sys/fs/cgroup')).find((d) => d.split(',').includes('cpu'));
  if (!root) return undefined;
  const find = await execa('find', [path.join('/sys/fs/cgroup', root, 'kubepods'), '-maxdepth', '3', '-type', 'd', '-name', `pod${uid}`], { reject: false });
  const dir = find.stdout.split('\n').find(Boolean);
  return dir ? Number((await readFile(path.join(dir, 'cpu.cfs_quota_us'), 'utf8')).trim()) : undefined;
}

interface LivePod {
  metadata: { name: string; uid: string; labels?: Record<string, string> };
  spec: { nodeName?: string };
  status: { qosClass?: string };
}

describe.skipIf(!cluster.usable)('node profiles as pod resources on the local cluster (--target kubernetes)', () => {
  let record: ResultRecord;
  let exitCode: number | undefined;
  let output = '';
  let namespacesBefore: string[] = [];
  let burnersBefore: number[] = [];
  const live: { pods: LivePod[]; quotaUs: Record<string, number | undefined>; burners: number[] } = { pods: [], quotaUs: {}, burners: [] };

  beforeAll(async () => {
    namespacesBefore = await managedNamespaces();
    burnersBefore = await burnerProcesses();
    const results = await tempResultsDir();
    const run = meshtax(['bench', '--scenario', 'mtls-strict', '--target', 'kubernetes', '--quick', '--profile', 'dedicated,shared-core', '--config', KUBE_CONFIG, '--results-dir', results], { timeoutMs: 400_000 });
    // While the shared-core profile is measured: its pods as the API server and the kernel see them.
    await waitForOutput(run, (text) => /Profile shared-core[\s\S]*health checks passed/.test(text), 300_000);
    const namespace = (await managedNamespaces()).find((n) => !namespacesBefore.includes(n))!;
    live.pods = (JSON.parse(await kubectl(['get', 'pods', '-n', namespace, '-l', 'meshtax.io/profile=shared-core', '-o', 'json'])) as { items: LivePod[] }).items;
    for (const pod of live.pods) live.quotaUs[pod.metadata.labels?.['meshtax.io/role'] ?? pod.metadata.name] = await podCfsQuotaUs(pod.metadata.uid);
    live.burners = (await burnerProcesses()).filter((pid) => !burnersBefore.includes(pid));
    const done = await run;
    exitCode = done.exitCode;
    output = done.all ?? '';
    record = await onlyRecord(results);
  }, 600_000);

  it('completes both profiles with verdict and checks', () => {
    expect([0, 1], output).toContain(exitCode);
    expect(record.state, record.partialReason).toBe('completed');
    expect(record.profiles.map((p) => p.profile)).toEqual(['dedicated', 'shared-core']);
    expect(record.checks.filter((c) => !c.passed)).toEqual([]);
  });

  it('dedicated: every pod Guaranteed as the API server reports it, each container requests = limits', () => {
    const pods = record.target!.kubernetes!.pods.filter((p) => p.profile === 'dedicated');
    expect(pods.map((p) => p.role).sort()).toEqual(['baseline v1', 'client', 'server v1']);
    for (const pod of pods) {
      expect(pod.qosClass, pod.pod).toBe('Guaranteed');
      for (const c of Object.values(pod.resources!.containers)) expect(c.requests).toEqual(c.limits);
    }
    expect(record.profiles[0]!.notes.join('\n')).toMatch(/Guaranteed QoS: every container requests = limits = 300m CPU/);
  });

  it('records the kubelet CPU manager policy read through the API server, and each node offer', () => {
    const nodes = record.target!.kubernetes!.nodes;
    expect(nodes[0]!.cpuManagerPolicy).toBe('none'); // this kubelet runs the default
    expect(nodes[0]!.allocatable.cpu).toMatch(/^\d+m?$/);
    expect(record.profiles[0]!.notes.join('\n')).toMatch(/kubelet CPU manager policy meshtax-node: none/);
  });

  it("shared-core: the server pods' CPU limit is the profile's quota, enforced by the kernel, the client sidecar unlimited", () => {
    const pods = record.target!.kubernetes!.pods.filter((p) => p.profile === 'shared-core');
    const byRole = Object.fromEntries(pods.map((p) => [p.role, p]));
    expect(byRole['server v1']!.resources!.pod?.limits?.cpu).toBe('150m');
    expect(byRole['baseline v1']!.resources!.pod?.limits?.cpu).toBe('150m');
    expect(byRole.client!.resources!.pod).toBeNull();
    expect(live.quotaUs).toMatchObject({ server: 15_000, baseline: 15_000, client: -1 });
    const setup = record.profiles.find((p) => p.profile === 'shared-core')!;
    expect(setup.quotaPct).toBe(15);
    expect(record.probes.find((p) => p.profile === 'shared-core')!.throttledPct).toBeGreaterThan(0);
  });

  it('shared-core: a noisy-neighbour pod burned on the server pods\' node while the run was on, and is gone with it', async () => {
    const pods = record.target!.kubernetes!.pods.filter((p) => p.profile === 'shared-core');
    const neighbour = pods.find((p) => p.role === 'neighbour')!;
    expect(neighbour.node).toBe(pods.find((p) => p.role === 'server v1')!.node);
    expect(live.pods.find((p) => p.metadata.labels?.['meshtax.io/role'] === 'neighbour')?.status.qosClass).toBe('BestEffort');
    expect(live.burners.length).toBe(1);
    expect(record.profiles.find((p) => p.profile === 'shared-core')!.neighbourDutyPct).toBe(50);
    expect(await burnerProcesses()).toEqual(burnersBefore);
  });

  it('reached each path through its Service (ClusterIP in the service range), and left no namespace', async () => {
    const paths = record.target!.kubernetes!.paths!;
    expect(paths.map((p) => `${p.profile} ${p.path}`)).toEqual(['dedicated baseline', 'dedicated mesh', 'shared-core baseline', 'shared-core mesh']);
    for (const p of paths) expect(p.address).toMatch(/^198\.19\.(1(4[4-9]|5\d))\.\d+$/);
    expect(record.cleanup.failures).toEqual([]);
    expect(await managedNamespaces()).toEqual(namespacesBefore);
  });

  it('refuses a run it cannot do (exit 2, what is supported) before creating a namespace', async () => {
    const results = await tempResultsDir();
    const run = await meshtax(['bench', '--scenario', 'istio-default', '--target', 'kubernetes', '--quick', '--config', KUBE_CONFIG, '--results-dir', results], { timeoutMs: 120_000 });
    expect(run.exitCode, run.all).toBe(2);
    expect(run.all).toMatch(/interception "iptables"[\s\S]*Supported on --target kubernetes/);
    expect(await managedNamespaces()).toEqual(namespacesBefore);
    expect(await readdir(results)).toEqual([]);
  }, 150_000);
});
