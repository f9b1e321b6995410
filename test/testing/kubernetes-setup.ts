/**
 * setupFiles of the vitest project `kubernetes` (in the test worker, before each file; see
 * kubernetes-cluster.ts): the first file brings the cluster up and builds the meshtax images into
 * it; the next files find it so (the project runs one file at a time). A failed bring-up fails
 * every file with the same message instead of being tried again.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { inject } from 'vitest';
import { clusterScript, type SharedCluster } from './kubernetes-cluster.js';

interface BringUp {
  state: 'starting' | 'up' | 'failed';
  error?: string;
}

async function step(command: 'up' | 'images'): Promise<void> {
  const done = await clusterScript(command);
  if (done.exitCode !== 0) throw new Error(`cluster:${command} failed:\n${done.all}`);
}

async function bringUp(cluster: SharedCluster): Promise<void> {
  const earlier = await readFile(cluster.bringUpFile, 'utf8').then((text) => JSON.parse(text) as BringUp, () => undefined);
  if (earlier?.state === 'up') return;
  if (earlier?.state === 'failed') throw new Error(`the shared cluster did not come up for an earlier file: ${earlier.error}`);
  const record = (outcome: BringUp) => writeFile(cluster.bringUpFile, JSON.stringify(outcome));
  await record({ state: 'starting' }); // from here on, the project's teardown takes the cluster down
  try {
    if (!cluster.startedElsewhere) await step('up');
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
