/**
 * globalSetup of the vitest project `kubernetes` (main process; see kubernetes-cluster.ts): decides
 * once whether the cluster can run here, hands the files what they need, and at the very end takes
 * the cluster down if a file of this run brought it up — also after a failure. It does not bring
 * the cluster up itself: vitest runs every globalSetup before the first unit test.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { layout } from '../../scripts/cluster/layout.js';
import { clusterRunning, clusterScript, clusterSkipReason } from './kubernetes-cluster.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const skipReason = await clusterSkipReason();
  const startedElsewhere = skipReason === null && (await clusterRunning());
  const dir = await mkdtemp(path.join(os.tmpdir(), 'meshtax-kubernetes-fixture-'));
  const bringUpFile = path.join(dir, 'bring-up.json');
  project.provide('kubernetesCluster', { skipReason, kubeconfig: layout.kubeconfig, bringUpFile, startedElsewhere });
  if (skipReason !== null) console.log(`test/kubernetes-*.test.ts skip: ${skipReason}`);
  if (startedElsewhere) console.log('test/kubernetes-*.test.ts use the local cluster that was already running, and leave it up');

  return async () => {
    const attempted = await stat(bringUpFile).then(() => true, () => false);
    await rm(dir, { recursive: true, force: true });
    if (!attempted || startedElsewhere) return;
    const down = await clusterScript('down');
    if (down.exitCode !== 0) throw new Error(`cluster:down after the Kubernetes test files failed:\n${down.all}`);
  };
}
