/**
 * The per-scenario history nightly CI keeps: `results/history/<scenario>.jsonl`, one summary line
 * per run (built by compare's `historyEntry`), oldest first. Appending is idempotent per run id,
 * so a retried CI job does not count a night twice.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { BadInputError } from '../errors.js';
import { projectRoot } from '../paths.js';
import { writeFileAtomic } from './atomic-file.js';
import { withFileLock } from './file-lock.js';
import { HistoryEntrySchema, type HistoryEntry } from './history-entry.js';

export function historyFile(scenario: string, resultsDir = path.join(projectRoot, 'results')): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(scenario)) throw new BadInputError(`"${scenario}" is not a scenario name (lower-case letters, digits and dashes).`);
  return path.join(resultsDir, 'history', `${scenario}.jsonl`);
}

/**
 * Appends one run's entry to its scenario's history; `appended` is false when the run was already
 * there. Under a lock, the file is rewritten atomically: two CI jobs appending at once both land,
 * and a crash never leaves half a line.
 */
export async function appendHistoryEntry(file: string, entry: HistoryEntry): Promise<{ appended: boolean }> {
  await mkdir(path.dirname(file), { recursive: true });
  return withFileLock(file, async () => {
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    if (parseHistory(text, file).entries.some((e) => e.runId === entry.runId)) return { appended: false };
    const kept = text === '' || text.endsWith('\n') ? text : `${text}\n`;
    await writeFileAtomic(file, `${kept}${JSON.stringify(entry)}\n`);
    return { appended: true };
  });
}

export interface HistoryRead {
  readonly entries: HistoryEntry[];
  /** One line per line that was skipped: `<file>:<line> is not JSON` and the like. */
  readonly skipped: string[];
}

/** The entries of a history file; a torn or malformed line is skipped and named in `skipped`. */
export async function readHistoryFile(file: string, options: { missingOk?: boolean } = {}): Promise<HistoryRead> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      if (options.missingOk) return { entries: [], skipped: [] };
      throw new BadInputError(`No history at ${file} yet.`, 'Append a run first: `npm run meshtax -- history <scenario> --append results/<run-id>.json`.');
    }
    throw error;
  }
  return parseHistory(text, file);
}

/** The good entries of a history file (bad lines skipped; `readHistoryFile` names them). */
export async function readHistory(file: string, options: { missingOk?: boolean } = {}): Promise<HistoryEntry[]> {
  return (await readHistoryFile(file, options)).entries;
}

export function parseHistory(text: string, file: string): HistoryRead {
  const entries: HistoryEntry[] = [];
  const skipped: string[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const where = `${file}:${i + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      skipped.push(`${where} is not JSON (a torn or edited line)`);
      continue;
    }
    const parsed = HistoryEntrySchema.safeParse(json);
    if (parsed.success) entries.push(parsed.data);
    else skipped.push(`${where} is not a history entry: ${parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`).join('; ')}`);
  }
  return { entries, skipped };
}
