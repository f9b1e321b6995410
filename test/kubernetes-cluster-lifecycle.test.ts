/**
 * The local Kubernetes cluster itself (scripts/cluster.ts, docs/KUBERNETES.md), checked on the one
 * bring-up the `kubernetes` project shares (test/testing/kubernetes-cluster.ts): `cluster:up` from
 * nothing started every daemon and the node has its address, a second `up` starts nothing, and a
 * pod running a locally built image is reached from the host by its pod IP. The other half —
 * `cluster:down` leaving no process, link, iptables chain, mount or changed sysctl behind, and a
 * second `down` stopping nothing — is checked by the project's teardown after the last Kubernetes
 * file (test/testing/kubernetes-global-setup.ts), and fails the run when it does not hold.
 *
 * Runs when the cluster's binaries are built (`npm run cluster:build`); root only. With a cluster
 * that was already running, `up` from nothing and the teardown's checks are not made (it says so).
 * Under the machine lock, like every e2e test:
 *   flock /tmp/meshtax-machine.lock npx vitest run test/kubernetes-cluster-lifecycle.test.ts
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { daemonSpecs } from '../scripts/cluster/config.js';
import { buildNodeImage } from '../scripts/cluster/images.js';
import { kubectl, waitFor } from '../scripts/cluster/kubectl.js';
import { network } from '../scripts/cluster/layout.js';
import { clusterScript, kubernetesCluster, readBringUp } from './testing/kubernetes-cluster.js';

const FILE = 'test/kubernetes-cluster-lifecycle.test.ts';
const cluster = kubernetesCluster(FILE);
if (cluster.usable && cluster.startedElsewhere) {
  console.log(`${FILE}: "up from nothing" skipped: a local cluster was already running (npm run cluster:down first)`);
}

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

describe.skipIf(!cluster.usable)('the local Kubernetes cluster, on the bring-up the Kubernetes files share', () => {
  it.skipIf(cluster.startedElsewhere)('came up from nothing: the shared cluster:up started every daemon, and the node has its address', async () => {
    const bringUp = await readBringUp(cluster.bringUpFile);
    for (const daemon of daemonSpecs()) expect(bringUp?.upOutput, `cluster:up output`).toMatch(new RegExp(`• started ${daemon.name} \\(pid \\d+\\)`));
    expect(await kubectl(['get', 'node', '-o', 'jsonpath={.items[*].status.addresses[?(@.type=="InternalIP")].address}'])).toBe(network.nodeIp);
  });

  it('cluster:up again is idempotent: it succeeds and starts nothing', async () => {
    const again = await clusterScript('up');
    expect(again.exitCode, again.all).toBe(0);
    expect(again.all).not.toMatch(/• started/);
  });

  it('runs a pod from a locally built image that the host reaches by its pod IP', async () => {
    await buildNodeImage(IMAGE, { '/app/server.cjs': SERVER });
    const namespace = `meshtax-smoke-${randomUUID().slice(0, 8)}`;
    await kubectl(['create', 'namespace', namespace]);
    try {
      // Right after a namespace appears, admission may not yet see its service account: retry.
      await waitFor('the pod to be accepted', () => kubectl(['apply', '-f', '-'], { input: podManifest(namespace, 'smoke') }).then(() => true), 30_000);
      await kubectl(['wait', '-n', namespace, '--for=condition=Ready', 'pod/smoke', '--timeout=120s'], { timeoutMs: 130_000 });
      const podIp = await kubectl(['get', 'pod', 'smoke', '-n', namespace, '-o', 'jsonpath={.status.podIP}']);
      expect(podIp).toMatch(/^198\.19\.(12[89]|13\d|14[0-3])\.\d+$/); // inside 198.19.128.0/20
      const response = await fetch(`http://${podIp}:8080/`, { signal: AbortSignal.timeout(5_000) });
      expect(await response.text()).toBe('smoke');
    } finally {
      await kubectl(['delete', 'namespace', namespace, '--wait=true', '--timeout=90s'], { timeoutMs: 100_000 });
    }
  }, 300_000);
});
