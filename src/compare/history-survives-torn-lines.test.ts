// A torn or edited history line costs that line only: the good ones are kept and the bad one named.
// Appends at once (two CI jobs) both land, under the history's lock, and never tear a line.
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_REGRESSION } from '../config/schema.js';
import { appendHistoryEntry, historyFile, readHistory, readHistoryFile } from '../record/index.js';
import { fabricateRecord } from '../testing/fabricate-record.js';
import { historyEntry } from './history.js';

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const entryOf = (runId: string, seed: number) => historyEntry(fabricateRecord({ seed, rounds: 3, samplesPerTrial: 100, runId }), DEFAULT_REGRESSION);

describe('the history file', () => {
  it('keeps the good lines around a torn one, an edited one and a foreign one, and names each bad line', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'meshtax-history-'));
    const file = historyFile('mtls-strict', dir);
    await appendHistoryEntry(file, entryOf('night-1', 1));
    await appendFile(file, '{"runId": "night-2", "rows": [{"perc\n');
    await appendFile(file, '{"hello": "world"}\n');
    await appendFile(file, `${JSON.stringify({ ...entryOf('night-3', 3), rows: 'many' })}\n`);
    await appendFile(file, '{"runId": "torn-at-the-end"');
    await appendHistoryEntry(file, entryOf('night-4', 4));
    const { entries, skipped } = await readHistoryFile(file);
    expect(entries.map((e) => e.runId)).toEqual(['night-1', 'night-4']);
    expect(skipped).toHaveLength(4);
    expect(skipped[0]).toMatch(/mtls-strict\.jsonl:2 is not JSON/);
    expect(skipped[1]).toMatch(/mtls-strict\.jsonl:3 is not a history entry/);
    expect(skipped[2]).toMatch(/mtls-strict\.jsonl:4 is not a history entry: rows/);
    expect(skipped[3]).toMatch(/mtls-strict\.jsonl:5 is not JSON/);
  });

  it('takes concurrent appends one after the other: every entry lands, on its own line', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'meshtax-history-'));
    const file = historyFile('mtls-strict', dir);
    const entries = Array.from({ length: 8 }, (_, i) => entryOf(`night-${i}`, i + 1));
    await Promise.all(entries.map((e) => appendHistoryEntry(file, e)));
    expect((await readHistory(file)).map((e) => e.runId).sort()).toEqual(entries.map((e) => e.runId).sort());
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(8);
  });

  it('a lock left by a dead process is taken over', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'meshtax-history-'));
    const file = historyFile('mtls-strict', dir);
    await appendHistoryEntry(file, entryOf('night-1', 1));
    await writeFile(`${file}.lock`, '999999999');
    expect((await appendHistoryEntry(file, entryOf('night-2', 2))).appended).toBe(true);
  });
});
