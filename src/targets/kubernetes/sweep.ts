/**
 * A run's namespace carries who owns it (host, pid and that process's start time, in an
 * annotation) and the run id (a label). The next run on the same host deletes the namespaces of
 * runs whose process is gone — never a live run's, and never one owned by another host, which
 * this one cannot judge.
 */
import os from 'node:os';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { processAlive } from '../local/system.js';
import type { Kubectl } from './kubectl.js';
import type { RunOwner } from './manifests.js';
import { MANAGED_BY, OWNER_ANNOTATION } from './names.js';

const OwnerSchema = z.object({ host: z.string(), pid: z.number().int().positive(), pidStartTicks: z.string(), runId: z.string() });
const NamespaceListSchema = z.object({
  items: z.array(z.object({ metadata: z.object({ name: z.string(), annotations: z.record(z.string(), z.string()).optional(), deletionTimestamp: z.string().optional() }) })),
});

async function startTicks(pid: number): Promise<string | undefined> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return text?.slice(text.lastIndexOf(')') + 2).split(' ')[19];
}

export async function currentOwner(): Promise<RunOwner> {
  return { host: os.hostname(), pid: process.pid, pidStartTicks: (await startTicks(process.pid)) ?? '' };
}

/** Alive: same host and the same process still there; another host's run counts as alive. */
export async function ownerAlive(owner: RunOwner, host = os.hostname()): Promise<boolean> {
  if (owner.host !== host) return true;
  return processAlive(owner.pid) && (await startTicks(owner.pid)) === owner.pidStartTicks;
}

export function parseOwner(annotation: string | undefined): (RunOwner & { runId: string }) | undefined {
  if (annotation === undefined) return undefined;
  try {
    const parsed = OwnerSchema.safeParse(JSON.parse(annotation));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Deletes the namespaces of dead runs (waiting for each) and their private folders under `runsDir`; one line per run. */
export async function sweepDeadNamespaces(kube: Kubectl, runsDir: string): Promise<string[]> {
  const listed = NamespaceListSchema.parse(await kube.json(['get', 'namespaces', '-l', `${MANAGED_BY.key}=${MANAGED_BY.value}`]));
  const cleaned: string[] = [];
  for (const ns of listed.items) {
    const owner = parseOwner(ns.metadata.annotations?.[OWNER_ANNOTATION]);
    // Unattributable (no or a bad annotation): never ours to judge.
    if (owner === undefined || (await ownerAlive(owner))) continue;
    await kube.run(['delete', 'namespace', ns.metadata.name, '--wait=true', '--timeout=120s', '--ignore-not-found'], { timeoutMs: 130_000 });
    for (const folder of await readdir(runsDir).catch(() => [] as string[])) if (folder.startsWith(`${owner.runId}-`)) await rm(path.join(runsDir, folder), { recursive: true, force: true });
    cleaned.push(`${owner.runId}: namespace ${ns.metadata.name} and its run folder (its harness, pid ${owner.pid}, is gone)`);
  }
  return cleaned;
}
