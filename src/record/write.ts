/** Writing a result record: `<dir>/<run-id>.json`, atomically, so a crash never leaves it torn. */
import path from 'node:path';
import { writeFileAtomic } from './atomic-file.js';
import type { ResultRecord } from './schema.js';

export function recordFile(dir: string, runId: string): string {
  return path.join(dir, `${runId}.json`);
}

export async function writeRecord(dir: string, record: ResultRecord): Promise<string> {
  const file = recordFile(dir, record.runId);
  await writeFileAtomic(file, `${JSON.stringify(record, null, 1)}\n`);
  return file;
}
