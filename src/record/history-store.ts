/**
 * The per-scenario history nightly CI keeps: `results/history/<scenario>.jsonl`, one summary line
 * per run (see `historyEntry`), oldest first. Appending is idempotent per run id, so a retried CI
 * job does not count a night twice.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_REGRESSION, type RegressionSettings } from '../config/schema.js';
import { BadInputError } from '../errors.js';
import { projectRoot } from '../paths.js';
import { historyEntry, HistoryEntrySchema, type ComparableRecord, type HistoryEntry } from '../compare/index.js';

export interface HistoryOptions {
  /** Default: the project's results/. */
  readonly resultsDir?: string;
  /** Noise limits that decide which nights are left out; default config defaults. */
  readonly regression?: Pick<RegressionSettings, 'noiseLimits' | 'profileNoiseLimits'>;
}

export function historyFile(scenario: string, resultsDir = path.join(projectRoot, 'results')): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(scenario)) throw new BadInputError(`"${scenario}" is not a scenario name (lower-case letters, digits and dashes).`);
  return path.join(resultsDir, 'history', `${scenario}.jsonl`);
}

/** Appends the record's summary to its scenario's history; `appended` is false when the run was already there. */
export async function appendHistory(record: ComparableRecord, options: HistoryOptions = {}): Promise<{ file: string; appended: boolean; entry: HistoryEntry }> {
  const file = historyFile(record.scenario.name, options.resultsDir);
  const entry = historyEntry(record, options.regression ?? DEFAULT_REGRESSION);
  const existing = await readHistory(file, { missingOk: true });
  if (existing.some((e) => e.runId === record.runId)) return { file, appended: false, entry };
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(entry)}\n`);
  return { file, appended: true, entry };
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
