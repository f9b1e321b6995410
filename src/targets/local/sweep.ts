/**
 * A harness killed outright (kill -9, a lost machine) cannot unwind. Each run leaves its pid in
 * its private folder; the next run removes what a dead run left behind: processes, namespaces,
 * veths, cgroups and the folder with its keys.
 */
import { readdir, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describeLeftovers, isClean, leftovers } from './leftovers.js';
import { deleteNetns } from './netns.js';
import { killAndWait, processAlive, runTool } from './system.js';

const PID_FILE = 'harness.pid';

/** Marks a run folder as owned by this live process. */
export async function claimRunDir(dir: string): Promise<void> {
  await writeFile(path.join(dir, PID_FILE), String(process.pid), { mode: 0o600 });
}

/** A folder without a pid file may be a run between mkdtemp and claimRunDir: only old ones are dead. */
const UNCLAIMED_GRACE_MS = 10 * 60_000;

async function ownerAlive(dir: string): Promise<boolean> {
  const text = await readFile(path.join(dir, PID_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return Date.now() - (await stat(dir)).mtimeMs < UNCLAIMED_GRACE_MS;
  const pid = Number(text);
  return Number.isInteger(pid) && pid > 0 && processAlive(pid);
}

/** Run folders are `<runId>-<random>`; the run id is everything before the last dash. */
const runIdOf = (folder: string) => folder.slice(0, folder.lastIndexOf('-'));

/** Cleans up after dead runs under `runsDir`; returns one line per run it cleaned. */
export async function sweepDeadRuns(runsDir: string): Promise<string[]> {
  const cleaned: string[] = [];
  for (const folder of await readdir(runsDir).catch(() => [] as string[])) {
    const dir = path.join(runsDir, folder);
    if (await ownerAlive(dir)) continue;
    const found = await leftovers(runIdOf(folder));
    if (!isClean(found)) {
      await killAndWait([...found.pids]);
      for (const ns of found.namespaces) await deleteNetns(ns);
      for (const veth of found.veths) await runTool('ip', ['link', 'del', veth]).catch(() => '');
      for (const cgroup of [...found.cgroups].sort((a, b) => b.length - a.length)) await rmdir(cgroup).catch(() => undefined);
    }
    await rm(dir, { recursive: true, force: true });
    cleaned.push(`${runIdOf(folder)}: ${describeLeftovers(found)} and its run folder`);
  }
  return cleaned;
}
