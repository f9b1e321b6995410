/**
 * A harness killed outright (kill -9, a lost machine) cannot unwind. Each run claims its private
 * folder with a file naming its pid (and that process's start time, so a reused pid is not taken
 * for it), its run id and its socket folder; the next run removes what a dead run left behind:
 * processes (found by their cgroups and namespaces, and by the run id in their environment, which
 * also works without root), namespaces, veths, cgroups, the socket folder and the run folder with
 * its keys. A folder it cannot attribute to a run is never used to find anything to kill.
 */
import { readdir, readFile, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { RUN_ID_ENV } from '../../process/index.js';
import { writeFileAtomic } from '../../record/index.js';
import { SOCKET_DIR_PREFIX } from '../../sidecar/index.js';
import { describeLeftovers, isClean, leftovers } from './leftovers.js';
import { deleteNetns } from './netns.js';
import { killAndWait, processAlive, runTool, sleep } from './system.js';

export const CLAIM_FILE = 'run.json';

const ClaimSchema = z.object({
  pid: z.number().int().positive(),
  /** Field 22 of /proc/<pid>/stat: with the pid, names one process for the machine's uptime. */
  pidStartTicks: z.string(),
  runId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/),
  socketDir: z.string().nullable(),
});
export type RunClaim = z.output<typeof ClaimSchema>;

/** Marks a run folder as owned by this live process (atomically: a sweep never reads half of it). */
export async function claimRunDir(dir: string, runId: string, socketDir: string | null): Promise<void> {
  const claim: RunClaim = { pid: process.pid, pidStartTicks: await startTicks(process.pid) ?? '', runId, socketDir };
  await writeFileAtomic(path.join(dir, CLAIM_FILE), JSON.stringify(claim), 0o600);
}

async function startTicks(pid: number): Promise<string | undefined> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return text?.slice(text.lastIndexOf(')') + 2).split(' ')[19];
}

/** A folder without a claim may be a run between mkdtemp and claimRunDir: only old ones are dead. */
const UNCLAIMED_GRACE_MS = 10 * 60_000;

async function readClaim(dir: string): Promise<RunClaim | undefined> {
  const text = await readFile(path.join(dir, CLAIM_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = ClaimSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

async function claimAlive(claim: RunClaim): Promise<boolean> {
  return processAlive(claim.pid) && (await startTicks(claim.pid)) === claim.pidStartTicks;
}

/** Cleans up after dead runs under `runsDir`; returns one line per run it cleaned. */
export async function sweepDeadRuns(runsDir: string): Promise<string[]> {
  const cleaned: string[] = [];
  for (const folder of await readdir(runsDir).catch(() => [] as string[])) {
    const dir = path.join(runsDir, folder);
    const claim = await readClaim(dir);
    if (claim === undefined) {
      const young = await stat(dir).then((s) => Date.now() - s.mtimeMs < UNCLAIMED_GRACE_MS, () => false);
      if (young) continue;
      await rm(dir, { recursive: true, force: true });
      cleaned.push(`${folder}: an unclaimed run folder`);
      continue;
    }
    if (await claimAlive(claim)) continue;
    cleaned.push(await sweepRun(claim, dir));
  }
  return cleaned;
}

async function sweepRun(claim: RunClaim, dir: string): Promise<string> {
  const found = await leftovers(claim.runId);
  const marked = await pidsWithRunId(claim.runId);
  const left = await killAndWait([...new Set([...found.pids, ...marked])]);
  for (const ns of found.namespaces) await deleteNetns(ns);
  for (const veth of found.veths) await runTool('ip', ['link', 'del', veth]).catch(() => '');
  const stuck: string[] = [];
  for (const cgroup of [...found.cgroups].sort((a, b) => b.length - a.length)) if (!(await removeCgroup(cgroup))) stuck.push(cgroup);
  if (claim.socketDir && path.basename(claim.socketDir).startsWith(SOCKET_DIR_PREFIX)) await rm(claim.socketDir, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
  const what = describeLeftovers({ ...found, pids: [...new Set([...found.pids, ...marked])] });
  const problems = [left.length ? `processes ${left.join(', ')} would not die` : '', stuck.length ? `cgroups ${stuck.join(', ')} could not be removed` : ''].filter(Boolean);
  return `${claim.runId}: ${what} and its run folder${problems.length ? ` (${problems.join('; ')})` : ''}`;
}

/** A cgroup is removable only once its last process is reaped: retry for a while. */
export async function removeCgroup(dir: string, attempts = 20, delayMs = 100): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    try {
      await rmdir(dir);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
      await sleep(delayMs);
    }
  }
  return false;
}

/** Live processes whose environment carries `MESHTAX_RUN_ID=<runId>` (never this process). */
export async function pidsWithRunId(runId: string): Promise<number[]> {
  const wanted = `${RUN_ID_ENV}=${runId}`;
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const environ = await readFile(`/proc/${entry}/environ`, 'utf8').catch(() => '');
    if (environ.split('\0').includes(wanted) && processAlive(Number(entry))) pids.push(Number(entry));
  }
  return pids;
}
