/**
 * The local Kubernetes cluster (docs/KUBERNETES.md) shared by every `test/kubernetes-*.test.ts`
 * file: the vitest project `kubernetes` (vitest.config.ts) brings it up once, before the first of
 * those files, and takes it down once, after the last — also when a test fails. That one bring-up
 * and take-down is also what the cluster's own end-to-end checks are made on:
 * test/kubernetes-cluster-lifecycle.test.ts (`up` from nothing, `up` again idempotent, a pod of a
 * locally built image reached by its pod IP) and the project's teardown (`down` leaves nothing
 * behind, `down` again idempotent; a failure there fails the run).
 *
 * How a file uses it (a new `test/kubernetes-*.test.ts` gets the cluster by its name alone):
 *
 *   import { kubernetesCluster, managedNamespaces } from './testing/kubernetes-cluster.js';
 *   const cluster = kubernetesCluster('test/kubernetes-mine.test.ts'); // says loudly why it skips
 *   describe.skipIf(!cluster.usable)('…', () => { … });
 *
 * By the time the file's own code runs the cluster is Ready, the meshtax images are in it, and
 * $KUBECONFIG names its kubeconfig (`cluster.kubeconfig`), so `bench --target kubernetes` and
 * scripts/cluster/kubectl.ts reach it. The file neither starts nor stops the cluster; it leaves the
 * cluster as it found it (every run's namespace gone: assert it per test, e.g. with
 * `managedNamespaces()`; anything it installs, like Istio's CRDs, removed in its afterAll).
 *
 * The pieces: kubernetes-global-setup.ts (main process: can the cluster run here, was one already
 * running, take it down at the end and check what it left), kubernetes-setup.ts (in the test
 * worker, before each file: bring it up if no earlier file did), kubernetes-leftovers.ts (what a
 * cluster that is down must not leave). Bring-up is lazy on purpose: vitest starts every project's
 * globalSetup before the first unit test, and a cluster up during the unit and e2e projects would
 * load the CPUs those tests measure on.
 */
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { inject } from 'vitest';
import { missingKubeBinaries } from '../../scripts/cluster/build.js';
import { daemonSpecs } from '../../scripts/cluster/config.js';
import { runningPid } from '../../scripts/cluster/daemons.js';
import { kubectl } from '../../scripts/cluster/kubectl.js';
import type { Sysctls } from './kubernetes-leftovers.js';

/** What the project's globalSetup hands to the Kubernetes files (vitest `provide`/`inject`). */
export interface SharedCluster {
  /** Why the Kubernetes files cannot run here (not root, not built); null when they can. */
  readonly skipReason: string | null;
  readonly kubeconfig: string;
  /** Written by the first file's set-up (a BringUp, JSON). */
  readonly bringUpFile: string;
  /** A cluster was running before this test run: the fixture never takes it down. */
  readonly startedElsewhere: boolean;
}

/** The first file's bring-up, as it writes it for the next files, the lifecycle file and the teardown. */
export interface BringUp {
  state: 'starting' | 'up' | 'failed';
  error?: string;
  /** The sysctls the cluster touches, just before `cluster:up` (absent when it was already running). */
  sysctlsBefore?: Sysctls;
  /** What that `cluster:up` printed (absent when the cluster was already running). */
  upOutput?: string;
}

export async function readBringUp(file: string): Promise<BringUp | undefined> {
  return readFile(file, 'utf8').then((text) => JSON.parse(text) as BringUp, () => undefined);
}

declare module 'vitest' {
  export interface ProvidedContext {
    kubernetesCluster: SharedCluster;
  }
}

/** For a test file: the shared cluster, or why this file skips (said once, on the console). */
export function kubernetesCluster(file: string): SharedCluster & { usable: boolean } {
  const cluster = inject('kubernetesCluster');
  if (cluster.skipReason !== null) console.log(`${file} skipped: ${cluster.skipReason}`);
  return { ...cluster, usable: cluster.skipReason === null };
}

export async function clusterSkipReason(): Promise<string | null> {
  if (process.getuid?.() !== 0) return 'the local cluster needs root';
  if ((await missingKubeBinaries()).length > 0) return 'the local cluster is not built (npm run cluster:build; CI builds it)';
  return null;
}

export async function clusterRunning(): Promise<boolean> {
  return (await Promise.all(daemonSpecs().map(runningPid))).some((pid) => pid !== undefined);
}

/** `tsx scripts/cluster.ts <args>` (up, down, images, istio-crds [--remove]), never rejecting. */
export function clusterScript(...args: string[]) {
  return execa('npx', ['tsx', 'scripts/cluster.ts', ...args], { reject: false, all: true, timeout: 300_000, forceKillAfterDelay: 5_000 });
}

/** The namespaces meshtax runs created and have not yet deleted. */
export async function managedNamespaces(): Promise<string[]> {
  return (await kubectl(['get', 'namespaces', '-l', 'app.kubernetes.io/managed-by=meshtax', '-o', 'jsonpath={.items[*].metadata.name}'])).split(' ').filter(Boolean);
}
