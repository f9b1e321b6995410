/**
 * The per-scenario history nightly CI keeps: `results/history/<scenario>.jsonl`, one summary line
 * per run (built by compare's `historyEntry`), oldest first. Appending is idempotent per run id,
 * so a retried CI job does not count a night twice.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { BadInputError } from '../errors.js';
import { projectRoot } from '../paths.js';
import { HistoryEntrySchema, type HistoryEntry } from './history-entry.js';

export function historyFile(scenario: string, resultsDir = path.join(projectRoot, 'results')): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(scenario)) throw new BadInputError(`"${scenario}" is not a scenario name (lower-case letters, digits and dashes).`);
  return path.join(resultsDir, 'history', `${scenario}.jsonl`);
}

/** Appends one run's entry to its scenario's history; `appended` is false when the run was already there. */
export async function appendHistoryEntry(file: string, entry: HistoryEntry): Promise<{ appended: boolean }> {
  const existing = await readHistory(file, { missingOk: true });
  if (existing.some((e) => e.runId === entry.runId)) return { appended: false };
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(entry)}\n`);
  return { appended: true };
}

/** The entries of a history file; a malformed line is an error naming the file and line. */
export async function readHistory(file: string, options: { missingOk?: boolean } = {}): Promise<HistoryEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      if (options.missingOk) return [];
      throw new BadInputError(`No history at ${file} yet.`, 'Append a run first: `npm run meshtax -- history <scenario> --append results/<run-id>.json`.');
    }
    throw error;
  }
  return text
    .split('\n')
    .map((line, i) => ({ line: line.trim(), number: i + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, number }) => {
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        throw new BadInputError(`${file}:${number} is not JSON.`, 'Each line of a history file is one JSON object; remove or fix the broken line.');
      }
      const parsed = HistoryEntrySchema.safeParse(raw);
      if (!parsed.success) {
        throw new BadInputError(`${file}:${number} is not a history entry: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`).join('; ')}`);
      }
      return parsed.data;
    });
}
