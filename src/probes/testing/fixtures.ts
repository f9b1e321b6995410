import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { ReadText } from '../types.js';

/** A child Node process that spins one core until killed. */
export function startSpinner(): ChildProcess {
  return spawn(process.execPath, ['-e', "process.stdout.write('ready\\n'); for (;;) {}"], { stdio: ['ignore', 'pipe', 'ignore'] });
}

/** A child that sleeps (near-zero CPU) until killed. */
export function startSleeper(): ChildProcess {
  return spawn(process.execPath, ['-e', "process.stdout.write('ready\\n'); setInterval(() => {}, 1000)"], { stdio: ['ignore', 'pipe', 'ignore'] });
}

/** Resolves once a fixture child has started up (its start-up CPU is behind it). */
export function started(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', () => reject(new Error('the fixture child exited before it was ready')));
  });
}

export async function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

/**
 * A ReadText that serves fixture texts per path, one per call, repeating the last one; a path
 * mapped to an Error rejects with it.
 */
export function fixtureReader(files: Record<string, ReadonlyArray<string | Error>>): ReadText {
  const calls = new Map<string, number>();
  return async (path) => {
    const list = files[path];
    if (list === undefined || list.length === 0) {
      throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
    }
    const i = calls.get(path) ?? 0;
    calls.set(path, i + 1);
    const item = list[Math.min(i, list.length - 1)];
    if (item instanceof Error) throw item;
    return item ?? '';
  };
}
