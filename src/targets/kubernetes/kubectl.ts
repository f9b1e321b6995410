/**
 * The Kubernetes target talks to the API server through `kubectl` (with the user's kubeconfig
 * and context): bounded, output captured, a failure an EnvironmentError naming the command.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { EnvironmentError } from '../../errors.js';
import { localStateDir } from '../../paths.js';
import { onPath } from '../../process/executables.js';

export interface KubeAccess {
  /** kubectl's kubeconfig (default: $KUBECONFIG, else the local cluster's, else kubectl's own default). */
  readonly kubeconfig?: string | undefined;
  readonly context?: string | undefined;
  /** The kubectl binary (default: $KUBECTL, else kubectl on PATH, else the local cluster's). */
  readonly kubectl?: string | undefined;
}

export interface Kubectl {
  readonly binary: string;
  readonly kubeconfig: string | undefined;
  readonly context: string | undefined;
  run(args: readonly string[], options?: { input?: string; timeoutMs?: number }): Promise<string>;
  /** `kubectl … -o json`, parsed. */
  json(args: readonly string[], timeoutMs?: number): Promise<unknown>;
}

/** What `npm run cluster:up` writes (docs/KUBERNETES.md). */
export const LOCAL_CLUSTER = { kubeconfig: path.join(localStateDir, 'cluster', 'kubeconfig'), kubectl: path.join(localStateDir, 'cluster', 'bin', 'kubectl') };

const DEFAULT_TIMEOUT_MS = 60_000;
const exists = (file: string) => access(file).then(() => true, () => false);

export async function openKubectl(given: KubeAccess): Promise<Kubectl> {
  const binary = given.kubectl ?? process.env.KUBECTL ?? (await onPath('kubectl', process.env)) ?? ((await exists(LOCAL_CLUSTER.kubectl)) ? LOCAL_CLUSTER.kubectl : undefined);
  if (binary === undefined) throw new EnvironmentError('kubectl was not found (KUBECTL, PATH, or the local cluster of `npm run cluster:build`).', 'Install kubectl, or build the local cluster: `npm run cluster:build`.');
  const kubeconfig = given.kubeconfig ?? process.env.KUBECONFIG ?? ((await exists(LOCAL_CLUSTER.kubeconfig)) ? LOCAL_CLUSTER.kubeconfig : undefined);
  const context = given.context;
  const base = [...(kubeconfig ? ['--kubeconfig', kubeconfig] : []), ...(context ? ['--context', context] : [])];
  const run: Kubectl['run'] = async (args, options = {}) => {
    const result = await execa(binary, [...base, ...args], {
      reject: false,
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...(options.input !== undefined ? { input: options.input } : { stdin: 'ignore' as const }),
    });
    if (result.failed) {
      const why = result.timedOut ? `timed out after ${(options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000} s` : (String(result.stderr).trim() || `exit code ${result.exitCode}`);
      throw new EnvironmentError(`\`kubectl ${args.join(' ')}\` failed: ${why.split('\n').slice(-6).join('\n')}`, 'Is the cluster up (`npm run cluster:up` for the local one) and the kubeconfig/context right?');
    }
    return String(result.stdout);
  };
  return { binary, kubeconfig, context, run, json: async (args, timeoutMs) => JSON.parse(await run([...args, '-o', 'json'], timeoutMs ? { timeoutMs } : {})) as unknown };
}
