/**
 * The local Kubernetes cluster (scripts/cluster.ts, docs/KUBERNETES.md) end to end: `cluster:up`
 * from nothing, a pod running a locally built image reached from the host by its pod IP, then
 * `cluster:down` leaving no process, link, iptables chain, mount or changed sysctl behind.
 *
 * Runs when the Kubernetes binaries are built (`npm run cluster:build`) or MESHTAX_CLUSTER=1
 * (then it builds them first: 10–20 min on 2 cores). Root only. Under the machine lock, like every e2e test.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { missingKubeBinaries } from '../scripts/cluster/build.js';
import { daemonSpecs } from '../scripts/cluster/config.js';
import { markedProcesses, runningPid } from '../scripts/cluster/daemons.js';
import { leftoverKubeChains, linkExists, mountsUnder, TOUCHED_SYSCTLS } from '../scripts/cluster/host.js';
import { buildNodeImage } from '../scripts/cluster/images.js';
import { kubectl, waitFor } from '../scripts/cluster/kubectl.js';
import { layout, network } from '../scripts/cluster/layout.js';

const isRoot = process.getuid?.() === 0;
const wanted = process.env.MESHTAX_CLUSTER === '1';
const built = isRoot && (await missingKubeBinaries()).length === 0;
// The test ends with cluster:down: it never takes down a cluster someone else started.
const alreadyUp = (await Promise.all(daemonSpecs().map(runningPid))).some((pid) => pid !== undefined);
const runIt = isRoot && (wanted || built) && !alreadyUp;
if (!runIt) {
  const why = !isRoot
    ? 'the local cluster needs root'
    : alreadyUp
      ? 'a local cluster is already running (npm run cluster:down first; this test starts and stops its own)'
      : 'the Kubernetes binaries are not built (npm run cluster:build, or MESHTAX_CLUSTER=1 to build them here)';
  console.log(`test/cluster.test.ts skipped: ${why}`);
}

const BUILD_MS = 45 * 60_000;
const cluster = (command: 'build' | 'up' | 'down', timeoutMs = 300_000) =>
  execa('npx', ['tsx', 'scripts/cluster.ts', command], { reject: false, all: true, timeout: timeoutMs, forceKillAfterDelay: 5_000 });

const sysctls = async () => Object.fromEntries(await Promise.all(TOUCHED_SYSCTLS.map(async (k) => [k, (await readFile(`/proc/sys/${k}`, 'utf8').catch(() => '-')).trim()])));

const IMAGE = 'localhost/meshtax-smoke:local';
const SERVER = "require('node:http').createServer((req, res) => res.end(require('node:os').hostname())).listen(8080, () => console.log('READY'));\n";

function podManifest(namespace: string, name: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app: 'smoke' } },
    spec: {
      containers: [{ name: 'app', image: IMAGE, imagePullPolicy: 'Never', args: ['/app/server.cjs'], ports: [{ containerPort: 8080 }] }],
      terminationGracePeriodSeconds: 1,
    },
  });
}

describe.skipIf(!runIt)('the local Kubernetes cluster', () => {
  let before: Record<string, string> = {};
  afterAll(async () => {
    await cluster('down');
  }, 120_000);

  it(
    'comes up, runs a pod from a locally built image that the host reaches by its pod IP, and goes down leaving nothing behind',
    async () => {
      if ((await missingKubeBinaries()).length > 0) expect((await cluster('build', BUILD_MS)).exitCode).toBe(0);
      before = await sysctls();

      const upStarted = Date.now();
      const up = await cluster('up');
      expect(up.exitCode, up.all).toBe(0);
      console.log(`cluster:up ${((Date.now() - upStarted) / 1000).toFixed(1)} s`);
      expect(await kubectl(['get', 'node', '-o', 'jsonpath={.items[*].status.addresses[?(@.type=="InternalIP")].address}'])).toBe(network.nodeIp);
      const again = await cluster('up');
      expect(again.exitCode, again.all).toBe(0);
      expect(again.all).not.toMatch(/• started/); // idempotent: everything was already running

      await buildNodeImage(IMAGE, { '/app/server.cjs': SERVER });
      const namespace = `meshtax-smoke-${randomUUID().slice(0, 8)}`;
      await kubectl(['create', 'namespace', namespace]);
      const podStarted = Date.now();
      // Right after a namespace appears, admission may not yet see its service account: retry.
      await waitFor('the pod to be accepted', () => kubectl(['apply', '-f', '-'], { input: podManifest(namespace, 'smoke') }).then(() => true), 30_000);
      await kubectl(['wait', '-n', namespace, '--for=condition=Ready', 'pod/smoke', '--timeout=120s'], { timeoutMs: 130_000 });
      console.log(`pod Ready ${((Date.now() - podStarted) / 1000).toFixed(1)} s after apply`);
      const podIp = await kubectl(['get', 'pod', 'smoke', '-n', namespace, '-o', 'jsonpath={.status.podIP}']);
      expect(podIp).toMatch(/^198\.19\.(12[89]|13\d|14[0-3])\.\d+$/); // inside 198.19.128.0/20
      const response = await fetch(`http://${podIp}:8080/`, { signal: AbortSignal.timeout(5_000) });
      expect(await response.text()).toBe('smoke');
      await kubectl(['delete', 'namespace', namespace, '--wait=true', '--timeout=90s'], { timeoutMs: 100_000 });

      const down = await cluster('down', 120_000);
      expect(down.exitCode, down.all).toBe(0);
      expect(await markedProcesses()).toEqual([]);
      expect(await linkExists(network.nodeLink)).toBe(false);
      expect(await linkExists(network.podBridge)).toBe(false);
      expect(await leftoverKubeChains()).toEqual([]);
      expect(await mountsUnder(layout.root)).toEqual([]);
      expect(await mountsUnder(layout.runtime)).toEqual([]);
      expect(await sysctls()).toEqual(before);
      const twice = await cluster('down', 120_000);
      expect(twice.exitCode).toBe(0);
      expect(twice.all).not.toMatch(/• stopped/);
    },
    BUILD_MS + 15 * 60_000,
  );
});
