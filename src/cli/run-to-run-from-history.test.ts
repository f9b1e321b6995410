import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { historyEntry } from '../compare/index.js';
import { DEFAULT_REGRESSION } from '../config/schema.js';
import { appendHistoryEntry, historyFile } from '../record/index.js';
import { fabricateRecord } from '../testing/fabricate-record.js';
import { runToRunFromHistory } from './run-to-run.js';

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('compare learns the run-to-run spread from the history beside the results', () => {
  it('none without a history; an estimate per row from five comparable nights', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'meshtax-r2r-'));
    const current = fabricateRecord({ seed: 99, runId: 'tonight' });
    expect(await runToRunFromHistory(current, dir)).toBeUndefined();
    for (let night = 0; night < 5; night++) {
      const record = fabricateRecord({ seed: night + 1, runId: `night-${night}`, taxUs: 260 + (night % 2 === 0 ? 40 : -40) });
      await appendHistoryEntry(historyFile('mtls-strict', dir), historyEntry(record, DEFAULT_REGRESSION));
    }
    const runToRun = await runToRunFromHistory(current, dir);
    const p50 = runToRun?.({ profile: 'dedicated', rateRps: 500, newConnectionEvery: 0, percentile: 50 });
    expect(p50?.nights).toBe(5);
    expect(p50!.spreadUs).toBeGreaterThan(p50!.typicalSeUs + 10); // nights ±40 µs apart: more spread than their own intervals explain
  });
});
