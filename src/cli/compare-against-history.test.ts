/**
 * `meshtax compare --against-history tonight.json`: tonight judged against the history file of
 * comparable nights beside the results, on fabricated records (real histograms, known tax).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyEntry } from '../compare/index.js';
import { DEFAULT_REGRESSION } from '../config/schema.js';
import { BadInputError } from '../errors.js';
import { appendHistoryEntry, historyFile } from '../record/index.js';
import { fabricateRecord } from '../testing/fabricate-record.js';
import { compareCommand } from './compare.js';
import type { CommandIo } from './io.js';

let dir = '';
const night = (i: number, extraMeshUs = 0) =>
  fabricateRecord({ seed: 100 + i, samplesPerTrial: 400, extraMeshUs, runId: `night-${i}`, startedAt: new Date(Date.UTC(2026, 0, 1 + i, 2)).toISOString() });
const captured = () => {
  const out = { stdout: '', stderr: '' };
  const io: CommandIo = { stdout: (t) => void (out.stdout += t), stderr: (t) => void (out.stderr += t) };
  return { out, io };
};
const tonightFile = async (name: string, extraMeshUs: number) => {
  const file = path.join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(night(30, extraMeshUs)));
  return file;
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'meshtax-against-history-'));
  for (let i = 0; i < 10; i++) await appendHistoryEntry(historyFile('mtls-strict', dir), historyEntry(night(i), DEFAULT_REGRESSION));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('compare --against-history', () => {
  it('a night like the others: no regression (exit 0), predicted from the 10 nights', async () => {
    const { out, io } = captured();
    expect(await compareCommand(['--against-history', await tonightFile('same', 0), '--results-dir', dir, '--json'], io)).toBe(0);
    const c = JSON.parse(out.stdout) as { rows: { percentile: number; verdict: string; prediction: { nights: number } | null }[] };
    expect(c.rows.map((r) => r.prediction?.nights)).toEqual([10, 10, 10]);
    expect(c.rows.some((r) => r.verdict === 'regression')).toBe(false);
  });

  it('a night 400 µs slower in the mesh: REGRESSION at p50 (exit 1), in the terminal table', async () => {
    const { out, io } = captured();
    expect(await compareCommand(['--against-history', await tonightFile('slower', 400), '--results-dir', dir], io)).toBe(1);
    expect(out.stdout).toMatch(/^meshtax compare --against-history — scenario mtls-strict: REGRESSION/);
    expect(out.stdout).toMatch(/dedicated @ 500 rps\s+p50\s+\d+\s+\d+\s+\+\d+ \[\+\d+, \+\d+\]\s+10 \(/);
  });

  it('without a history: can\'t tell, said on stderr, exit 0', async () => {
    const { out, io } = captured();
    const empty = await mkdtemp(path.join(tmpdir(), 'meshtax-no-history-'));
    expect(await compareCommand(['--against-history', await tonightFile('alone', 400), '--results-dir', empty], io)).toBe(0);
    expect(out.stdout).toMatch(/can't tell/);
    expect(out.stderr).toMatch(/no row had 5 comparable nights/);
    await rm(empty, { recursive: true, force: true });
  });

  it('bad usage: two files, or a window below 5 nights, is exit 2', async () => {
    const file = await tonightFile('usage', 0);
    await expect(compareCommand(['--against-history', file, file], captured().io)).rejects.toBeInstanceOf(BadInputError);
    await expect(compareCommand(['--against-history', file, '--window', '3', '--results-dir', dir], captured().io)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/--window must be a whole number of nights from 5/) });
  });
});
