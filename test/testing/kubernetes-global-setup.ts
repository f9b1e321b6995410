/**
 * globalSetup of the vitest project `kubernetes` (main process; see kubernetes-cluster.ts): decides
 * once whether the cluster can run here, hands the files what they need, and at the very end takes
 * the cluster down if a file of this run brought it up — also after a failure — and checks what
 * `cluster:down` must guarantee: nothing left on the host (kubernetes-leftovers.ts) and a second
 * `down` that stops nothing. A failed check fails the run. It does not bring the cluster up itself:
 * vitest runs every globalSetup before the first unit test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { layout } from '../../scripts/cluster/layout.js';
import { clusterRunning, clusterScript, clusterSkipReason, readBringUp } from './kubernetes-cluster.js';
import { leftBehind, type Sysctls } from './kubernetes-leftovers.js';

/** `cluster:down`, the host checked after it, `down` again: what went wrong, in words (empty: all held). */
async function takeDown(sysctlsBefore: Sysctls): Promise<string[]> {
  const problems: string[] = [];
  const down = await clusterScript('down');
  if (down.exitCode !== 0) problems.push(`cluster:down exited ${down.exitCode}:\n${down.all}`);
  problems.push(...(await leftBehind(sysctlsBefore)).map((thing) => `left behind: ${thing}`));
  const again = await clusterScript('down');
  if (again.exitCode !== 0) problems.push(`a second cluster:down exited ${again.exitCode}:\n${again.all}`);
  else if (/• stopped/.test(again.all ?? '')) problems.push(`a second cluster:down stopped something (not idempotent):\n${again.all}`);
  return problems;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const skipReason = await clusterSkipReason();
  const startedElsewhere = skipReason === null && (await clusterRunning());
  const dir = await mkdtemp(path.join(os.tmpdir(), 'meshtax-kubernetes-fixture-'));
  const bringUpFile = path.join(dir, 'bring-up.json');
  project.provide('kubernetesCluster', { skipReason, kubeconfig: layout.kubeconfig, bringUpFile, startedElsewhere });
  if (skipReason !== null) console.log(`test/kubernetes-*.test.ts skip: ${skipReason}`);
  if (startedElsewhere) {
    console.log('test/kubernetes-*.test.ts use the local cluster that was already running, and leave it up: `up` from nothing and `down` leaving nothing behind are not checked (npm run cluster:down first)');
  }

  return async () => {
    const bringUp = await readBringUp(bringUpFile);
    await rm(dir, { recursive: true, force: true });
    if (bringUp === undefined || startedElsewhere) return;
    const problems = await takeDown(bringUp.sysctlsBefore ?? {});
    if (problems.length === 0) {
      console.log('✓ cluster:down after the Kubernetes test files: nothing left behind, and a second down stopped nothing');
      return;
    }
    // vitest only logs an error thrown here ("error during close") and still exits 0: say it fails.
    process.exitCode = 1;
    throw new Error(`the local cluster's take-down after the Kubernetes test files failed its checks:\n- ${problems.join('\n- ')}`);
  };
}
