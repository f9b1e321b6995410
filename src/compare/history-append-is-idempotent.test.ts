import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { fabricateRecord } from '../testing/fabricate-record.js';
import { DEFAULT_REGRESSION } from '../config/schema.js';
import { appendHistoryEntry, historyFile, readHistory } from '../record/index.js';
import { historyEntry } from './history.js';

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('appends one line per run to results/history/<scenario>.jsonl, and a retried run not twice', async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'meshtax-history-'));
  const first = fabricateRecord({ seed: 1, rounds: 3, samplesPerTrial: 200, runId: 'night-1' });
  const second = fabricateRecord({ seed: 2, rounds: 3, samplesPerTrial: 200, runId: 'night-2', startedAt: '2026-01-02T02:00:00.000Z' });
  const file = historyFile('mtls-strict', dir);
  const append = (record: typeof first) => appendHistoryEntry(file, historyEntry(record, DEFAULT_REGRESSION));
  expect((await append(first)).appended).toBe(true);
  expect((await append(second)).appended).toBe(true);
  expect((await append(second)).appended).toBe(false);
  expect(file).toBe(path.join(dir, 'history', 'mtls-strict.jsonl'));
  expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(2);
  const entries = await readHistory(file);
  expect(entries.map((e) => e.runId)).toEqual(['night-1', 'night-2']);
  expect(entries[0]!.rows.map((r) => r.percentile)).toEqual([50, 90, 99]);
  expect(entries[0]!.environment).toBe('AMD EPYC × 2 CPUs, kernel 6.18.44');
});
