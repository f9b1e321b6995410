/**
 * The cluster's daemons: each started in a session of its own (setsid, so a `timeout` or Ctrl-C
 * around `cluster:up` does not take it down), its output in logs/<name>.log, its pid in
 * pids/<name>.pid. They outlive the script on purpose; cluster:down stops them by that pid, and
 * then sweeps anything still carrying the cluster's mark (containerd's shims).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { readdir, readFile, rm, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type Options } from 'execa';
import type { DaemonSpec } from './config.js';
import { CLUSTER_MARK_ENV, layout } from './layout.js';

const pidFile = (name: string) => path.join(layout.pids, `${name}.pid`);
export const logFile = (name: string) => path.join(layout.logs, `${name}.log`);

async function cmdline(pid: number): Promise<string[] | undefined> {
  const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
  return raw === undefined || raw === '' ? undefined : raw.split('\0');
}

/** The recorded pid of a daemon, if that process is still alive and still runs the daemon's binary (pids are reused). */
export async function runningPid(spec: DaemonSpec): Promise<number | undefined> {
  const pid = Number((await readFile(pidFile(spec.name), 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const argv = await cmdline(pid);
  return argv?.[0] === spec.file ? pid : undefined;
}

/** Starts a daemon detached (its own session) unless it already runs; returns its pid. */
export async function startDaemon(spec: DaemonSpec, env: Record<string, string>): Promise<{ pid: number; started: boolean }> {
  const running = await runningPid(spec);
  if (running !== undefined) return { pid: running, started: false };
  await mkdir(layout.logs, { recursive: true });
  await mkdir(layout.pids, { recursive: true });
  // The log's descriptor goes to the daemon itself (not a pipe through this script), so the
  // daemon keeps writing after the script exits.
  const log = createWriteStream(logFile(spec.name), { flags: 'a' });
  await once(log, 'open');
  try {
    // A daemon, not a child: no timeout and no cleanup on our exit, by design; cluster:down owns its end.
    const options: Options = { detached: true, cleanup: false, reject: false, buffer: false, stdio: ['ignore', log, log], env };
    const child = execa(spec.file, [...spec.args], options);
    if (child.pid === undefined) throw new Error(`${spec.name} could not be started (${spec.file})`);
    child.unref();
    void child.catch(() => undefined);
    await writeFile(pidFile(spec.name), `${child.pid}\n`);
    return { pid: child.pid, started: true };
  } finally {
    log.close();
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** SIGTERM, up to `graceMs` for it to exit, then SIGKILL; resolves when the process is gone. */
export async function stopPid(pid: number, graceMs = 10_000): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (alive(pid) && Date.now() < deadline) await sleep(100);
  if (alive(pid)) {
    process.kill(pid, 'SIGKILL');
    const hard = Date.now() + 5_000;
    while (alive(pid) && Date.now() < hard) await sleep(50);
  }
}

/** Stops a daemon by its recorded pid (if it runs) and forgets the pid. */
export async function stopDaemon(spec: DaemonSpec, graceMs?: number): Promise<boolean> {
  const pid = await runningPid(spec);
  if (pid !== undefined) await stopPid(pid, graceMs);
  await rm(pidFile(spec.name), { force: true });
  return pid !== undefined;
}

/** Every process whose environment carries this cluster's mark (the daemons and what they started without clearing it). */
export async function markedProcesses(): Promise<number[]> {
  const mark = `${CLUSTER_MARK_ENV}=${layout.root}`;
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const environ = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
    if (environ.split('\0').includes(mark)) pids.push(pid);
  }
  return pids;
}
