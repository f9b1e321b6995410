import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChildDiedError, EnvironmentError } from '../errors.js';
import { spawnChild, type Child, type CommandWrapper, type RunContext } from '../process/index.js';
import { isReady, readStats } from './admin.js';
import { adminSocketPath } from './admin-socket.js';
import type { EnvoyBootstrap } from './bootstrap.js';

export interface EnvoySidecar {
  readonly name: string;
  readonly child: Child;
  readonly adminSocket: string;
  readonly configPath: string;
  /** The generated configuration it runs with (kept in the record). */
  readonly config: EnvoyBootstrap;
  stats(): Promise<Record<string, number>>;
}

export interface StartEnvoyOptions {
  readonly binary: string;
  readonly name: string;
  /** The run's private folder; the config goes there. */
  readonly dir: string;
  /** The run's short socket folder (see admin-socket.ts); default: `dir` (tests with short paths). */
  readonly socketDir?: string;
  readonly bootstrap: (adminSocket: string) => EnvoyBootstrap;
  readonly wrap?: CommandWrapper;
  readonly readyTimeoutMs?: number;
  /** Worker threads (default `SIDECAR_CONCURRENCY`); a scenario sets it with `sidecar.concurrency`. */
  readonly concurrency?: number;
}

/**
 * Worker threads per sidecar when a scenario does not say (`sidecar.concurrency`), set explicitly
 * as the Envoy FAQ advises for benchmarks (Istio's sidecars default to 2).
 */
export const SIDECAR_CONCURRENCY = 1;

/** What the generated sidecars are, in words, for the record. */
export function sidecarConfiguration(layout: 'minimal' | 'istio', concurrency: number): string {
  return layout === 'istio'
    ? `Istio-layout sidecar pair (iptables interception, virtualOutbound/virtualInbound with original_dst, stock-Envoy filters where Istio has its own; see docs/ISTIO-FIDELITY.md), --concurrency ${concurrency} each`
    : `minimal sidecar pair: http_connection_manager + router (+ fault when configured), --concurrency ${concurrency} each`;
}

export const SIDECAR_CONFIGURATION = sidecarConfiguration('minimal', SIDECAR_CONCURRENCY);

/** Envoy arguments: `concurrency` workers, no hot restart so several Envoys coexist. */
export function envoyArgs(configPath: string, concurrency = SIDECAR_CONCURRENCY): string[] {
  return ['--config-path', configPath, '--concurrency', String(concurrency), '--disable-hot-restart', '--log-level', 'warn'];
}

export async function startEnvoy(ctx: RunContext, opts: StartEnvoyOptions): Promise<EnvoySidecar> {
  const adminSocket = adminSocketPath(opts.socketDir ?? opts.dir, opts.dir, opts.name);
  const configPath = path.join(opts.dir, `${opts.name}.json`);
  const config = opts.bootstrap(adminSocket);
  await writeFile(configPath, JSON.stringify(config, null, 2), { mode: 0o600 });
  const child = spawnChild(ctx, { name: `Envoy ${opts.name}`, file: opts.binary, args: envoyArgs(configPath, opts.concurrency), wrap: opts.wrap });
  await waitReady(child, adminSocket, opts.readyTimeoutMs ?? 20_000);
  return { name: opts.name, child, adminSocket, configPath, config, stats: () => readStats(adminSocket) };
}

async function waitReady(child: Child, adminSocket: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void child.process.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) {
      throw new ChildDiedError(
        `${child.name} exited during start-up:\n  ${child.stderrTail().split('\n').slice(-6).join('\n  ')}`,
        'Check the generated configuration with `envoy --mode validate -c <config>`; the config path is in the message above.',
      );
    }
    if (await isReady(adminSocket)) return;
    await sleep(50);
  }
  throw new EnvironmentError(`${child.name} was not ready within ${timeoutMs} ms.`, 'Is the machine overloaded? Run `npm run doctor`.');
}
