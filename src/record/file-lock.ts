/**
 * An exclusive lock on a file for a short read-modify-write: `<file>.lock`, created with O_EXCL
 * and holding the owner's pid. A lock whose owner is dead (a harness killed mid-append) is taken over.
 */
import { open, readFile, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { EnvironmentError } from '../errors.js';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export async function withFileLock<T>(file: string, work: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const lock = `${file}.lock`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(lock, 'wx', 0o644);
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(await readFile(lock, 'utf8').catch(() => ''));
      if (Number.isInteger(owner) && owner > 0 && !alive(owner)) await rm(lock, { force: true });
      else if (Date.now() > deadline) throw new EnvironmentError(`${lock} has been held for ${timeoutMs / 1000} s by process ${owner || '(unknown)'}.`, `If no meshtax is running, remove ${lock}.`);
      else await sleep(25);
    }
  }
  try {
    return await work();
  } finally {
    await rm(lock, { force: true });
  }
}
