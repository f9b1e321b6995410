/** Reading a result file back: any problem is bad input, named by file and field. */
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { BadInputError } from '../errors.js';
import { checkTrialHistograms } from './histograms.js';
import { ResultRecordSchema, SCHEMA_VERSION, type ResultRecord } from './schema.js';

const HINT = 'Pass a results/<run-id>.json written by `npm run bench`.';

export async function readRecord(file: string): Promise<ResultRecord> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new BadInputError(`Cannot read result file ${file}: ${(error as Error).message}`, HINT);
  });
  return parseRecord(text, file);
}

export function parseRecord(text: string, file: string): ResultRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BadInputError(`${file} is not JSON: ${(error as Error).message}`, HINT);
  }
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version !== SCHEMA_VERSION) {
    throw new BadInputError(`${file} has result schema version ${version}; this meshtax reads version ${SCHEMA_VERSION}.`, 'Re-render it with the meshtax version that wrote it.');
  }
  const parsed = ResultRecordSchema.safeParse(json);
  if (!parsed.success) throw new BadInputError(`${file} is not a meshtax result record: ${describeIssues(parsed.error.issues)}`, HINT);
  checkTrialHistograms(parsed.data.trials, file);
  return parsed.data;
}

/** `trials[3].load.latencyHistogram: expected string, received undefined; …` (first three). */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 3).map((i) => `${fieldPath(i.path)}: ${i.message}`);
  return shown.join('; ') + (issues.length > 3 ? ` (and ${issues.length - 3} more)` : '');
}

function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(the whole file)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}
