/** kubectl against the local cluster, as its admin (the kubeconfig cluster:up writes). */
import { setTimeout as sleep } from 'node:timers/promises';
import { run, type RunOptions } from './exec.js';
import { binPath, layout } from './layout.js';

export function kubectl(args: readonly string[], options: RunOptions = {}): Promise<string> {
  return run(binPath('kubectl'), ['--kubeconfig', layout.kubeconfig, ...args], { timeoutMs: 30_000, ...options });
}

/**
 * Polls `check` until it returns a value (not undefined) or `timeoutMs` passes; `stillWorth`
 * ends the wait early with its reason (e.g. the daemon that should answer has died).
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  stillWorth: () => Promise<string | undefined> = async () => undefined,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const value = await check().catch((error: unknown) => {
      last = (error as Error).message.split('\n').slice(-1)[0] ?? '';
      return undefined;
    });
    if (value !== undefined) return value;
    const gone = await stillWorth();
    if (gone) throw new Error(`gave up waiting for ${what}: ${gone}`);
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s${last ? ` (last error: ${last})` : ''}`);
    await sleep(250);
  }
}
