import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_REGRESSION } from '../config/schema.js';
import { historyEntry } from '../compare/index.js';
import { fabricateRecord } from '../testing/fabricate-record.js';
import { gaussian } from '../testing/synthetic-run.js';
import { historyCommand } from './history.js';
import type { CommandIo } from './io.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'meshtax-history-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('appends a night, finds a step up in 24 nights of history and exits 1 with --fail-on-step', async () => {
  // 20 nights at a 260 µs tax, then 4 at 330: each night alone is within a few SD of the last.
  const template = historyEntry(fabricateRecord({ seed: 5, rounds: 3, samplesPerTrial: 200 }), DEFAULT_REGRESSION);
  const normal = gaussian(42);
  const lines = Array.from({ length: 23 }, (_, night) => {
    const tax = 260 + (night >= 20 ? 70 : 0) + normal(15);
    const day = new Date(Date.UTC(2026, 0, 1 + night, 2)).toISOString();
    return JSON.stringify({ ...template, runId: `night-${night}`, startedAt: day, rows: template.rows.map((r) => ({ ...r, taxUs: tax })) });
  });
  await writeFile(path.join(await ensureHistoryDir(), 'mtls-strict.jsonl'), `${lines.join('\n')}\n`);
  const tonight = path.join(dir, 'tonight.json');
  await writeFile(tonight, JSON.stringify(fabricateRecord({ seed: 6, rounds: 4, samplesPerTrial: 300, extraMeshUs: 70, runId: 'night-23', startedAt: '2026-01-24T02:00:00.000Z' })));

  const out = { stdout: '', stderr: '' };
  const io: CommandIo = { stdout: (t) => void (out.stdout += t), stderr: (t) => void (out.stderr += t) };
  const code = await historyCommand(['mtls-strict', '--append', tonight, '--results-dir', dir, '--reports-dir', dir, '--fail-on-step'], io);
  expect(out.stderr).toMatch(/Appended night-23/);
  expect(out.stdout).toMatch(/dedicated @ 500 rps p50: 24 nights:\n {2}from night-2[01] /);
  expect(out.stderr).toMatch(/Recent step up of the tax/);
  expect(code).toBe(1);
  // The trend chart: the nights as a line, the step as a dashed rule, with title and axis labels.
  const svg = await readFile(path.join(dir, 'history-mtls-strict', 'trend.svg'), 'utf8');
  expect(svg).toMatch(/Tax over the nights — mtls-strict/);
  expect(svg).toMatch(/Night \(run start\)/);
  expect(svg).toMatch(/stroke-dasharray="4,3"/);
  expect(await readFile(path.join(dir, 'history-mtls-strict', 'index.html'), 'utf8')).toMatch(/from night-2[01]/);
  expect(await historyCommand(['mtls-strict', '--results-dir', dir, '--reports-dir', dir], io)).toBe(0);
});

async function ensureHistoryDir(): Promise<string> {
  const { mkdir } = await import('node:fs/promises');
  const historyDir = path.join(dir, 'history');
  await mkdir(historyDir, { recursive: true });
  return historyDir;
}
