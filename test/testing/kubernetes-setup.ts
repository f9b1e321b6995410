/**
 * setupFiles of the vitest project `kubernetes` (in the test worker, before each file; see
 * kubernetes-cluster.ts): the first file brings the cluster up and builds the meshtax images into
 * it; the next files find it so (the project runs one file at a time). A failed bring-up fails
 * every file with the same message instead of being tried again. Before `cluster:up` it records the
 * sysctls the cluster touches, and after it what `up` printed: the teardown and
 * test/kubernetes-cluster-lifecycle.test.ts check against them.
 */
import { writeFile } from 'node:fs/promises';
import { inject } from 'vitest';
import { clusterScript, readBringUp, type BringUp, type SharedCluster } from './kubernetes-cluster.js';
import { touchedSysctls } from './kubernetes-leftovers.js';

async function step(command: 'up' | 'images'): Promise<string> {
  const done = await clusterScript(command);
  if (done.exitCode !== 0) throw new Error(`cluster:${command} failed:\n${done.all}`);
  return done.all ?? '';
}

async function bringUp(cluster: SharedCluster): Promise<void> {
  const earlier = await readBringUp(cluster.bringUpFile);
  if (earlier?.state === 'up') return;
  if (earlier?.state === 'failed') throw new Error(`the shared cluster did not come up for an earlier file: ${earlier.error}`);
  let outcome: BringUp = { state: 'starting', ...(cluster.startedElsewhere ? {} : { sysctlsBefore: await touchedSysctls() }) };
  const record = (next: Partial<BringUp>) => writeFile(cluster.bringUpFile, JSON.stringify((outcome = { ...outcome, ...next })));
  await record({}); // from here on, the project's teardown takes the cluster down
  try {
    if (!cluster.startedElsewhere) await record({ upOutput: await step('up') });
    await step('images');
  } catch (error) {
    await record({ state: 'failed', error: (error as Error).message });
    throw error;
  }
  await record({ state: 'up' });
}

const cluster = inject('kubernetesCluster');
if (cluster.skipReason === null) {
  process.env.KUBECONFIG = cluster.kubeconfig; // never a developer's own cluster
  await bringUp(cluster);
}
