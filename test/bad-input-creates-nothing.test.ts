/**
 * A representative handful of bad inputs through the real CLI: each is exit 2 with one message
 * naming what to fix, and nothing is created — no run folder, no record, no report. (The full
 * table is checked in-process in src/run/refuses-bad-input-before-starting.test.ts.)
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';
import { FIXTURE_PATH } from '../src/testing/records.js';
import { FAST_CONFIG, meshtax, tempResultsDir } from './testing/cli.js';

const RUNS = path.join(projectRoot, '.meshtax', 'runs');
const runFolders = async () => (await readdir(RUNS).catch(() => [] as string[])).sort();

async function damagedRecord(): Promise<string> {
  const json = JSON.parse(await readFile(FIXTURE_PATH, 'utf8')) as { trials: Array<{ load: { latencyHistogram: string } }> };
  json.trials[2]!.load.latencyHistogram = 'A'.repeat(json.trials[2]!.load.latencyHistogram.length);
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'meshtax-bad-record-')), 'damaged.json');
  await writeFile(file, JSON.stringify(json));
  return file;
}

describe('bad input through the CLI', () => {
  it.each<[string, (results: string) => Promise<{ args: string[]; env?: Record<string, string> }>, RegExp]>([
    ['--rounds 1e9', async () => ({ args: ['--rounds', '1e9'] }), /--rounds 1000000000: .*timing\.rounds/],
    ['--results-dir that is a file', async (r) => ({ args: ['--results-dir', path.join(r, 'file')] }), /--results-dir .* is a file/],
    ['--results-dir under /proc', async () => ({ args: ['--results-dir', '/proc/self/results'] }), /under \/proc.*kernel filesystem/],
    ['ENVOY_BIN=/bin/false', async () => ({ args: [], env: { ENVOY_BIN: '/bin/false' } }), /ENVOY_BIN \/bin\/false is not a working Envoy/],
    ['--baseline whose histograms do not decode', async () => ({ args: ['--baseline', await damagedRecord()] }), /damaged\.json: trials\[2\] .*latencyHistogram does not decode/],
  ])('%s: exit 2, one message, no run folder, no record, no report', async (_, input, message) => {
    const results = await tempResultsDir();
    await writeFile(path.join(results, 'file'), 'x');
    const reports = await mkdtemp(path.join(os.tmpdir(), 'meshtax-reports-'));
    const config = path.join(reports, 'config.ts');
    await writeFile(config, `import base from ${JSON.stringify(FAST_CONFIG)};\nexport default { ...base, reportsDir: ${JSON.stringify(path.join(reports, 'out'))} };\n`);
    const before = await runFolders();
    const { args, env } = await input(results);
    const run = await meshtax(['bench', '--scenario', 'mtls-strict', '--quick', '--config', config, '--results-dir', results, ...args], { ...(env ? { env } : {}), timeoutMs: 60_000 });
    expect(run.exitCode, run.all).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/this is a bug in meshtax|at .*\.ts:\d+/);
    expect(await runFolders()).toEqual(before);
    expect(await readdir(results)).toEqual(['file']);
    expect(await readdir(reports)).toEqual(['config.ts']);
  });

  it('report and compare of a record whose histograms do not decode: exit 2 naming file and trial, no charts folder', async () => {
    const bad = await damagedRecord();
    const reports = await mkdtemp(path.join(os.tmpdir(), 'meshtax-reports-'));
    const report = await meshtax(['report', bad, '--out', reports]);
    expect(report.exitCode, report.all).toBe(2);
    expect(report.stderr).toMatch(/damaged\.json: trials\[2\] .*does not decode/);
    expect(await readdir(reports)).toEqual([]);
    const compare = await meshtax(['compare', FIXTURE_PATH, bad]);
    expect(compare.exitCode, compare.all).toBe(2);
    expect(compare.stderr).toMatch(/damaged\.json: trials\[2\]/);
  });
});
