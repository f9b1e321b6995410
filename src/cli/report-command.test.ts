import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BadInputError, ExitCode } from '../errors.js';
import { FIXTURE_PATH, fixtureRecord } from '../testing/records.js';
import type { ResultRecord } from '../record/schema.js';
import { scenarioRecord } from '../report/side-by-side/testing/scenario-records.js';
import { reportCommand } from './report.js';

describe('npm run report -- <result.json>', () => {
  afterEach(() => vi.restoreAllMocks());

  it('renders the report folder of the record and says where', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'meshtax-report-cli-'));
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await reportCommand([FIXTURE_PATH, '--out', out])).toBe(ExitCode.ok);
    const runId = fixtureRecord().runId;
    expect(await readdir(path.join(out, runId))).toEqual(expect.arrayContaining(['index.html', 'report.md', 'smp.json', 'charts']));
    expect(write.mock.calls.map((c) => String(c[0])).join('')).toContain(`Report for ${runId}`);
  });

  it('needs exactly one file, which must be a result record', async () => {
    await expect(reportCommand([])).rejects.toThrow(BadInputError);
    await expect(reportCommand(['a.json', 'b.json'])).rejects.toThrow(/One result at a time/);
    await expect(reportCommand([path.join(os.tmpdir(), 'no-such-result.json')])).rejects.toThrow(/Cannot read result file/);
    await expect(reportCommand(['--bogus'])).rejects.toThrow(BadInputError);
  });
});

describe('npm run report -- --side-by-side <a.json> <b.json> …', () => {
  afterEach(() => vi.restoreAllMocks());

  const writeRecords = async (records: readonly ResultRecord[]) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'meshtax-side-by-side-cli-'));
    return Promise.all(records.map(async (r, i) => {
      const file = path.join(dir, `${i}-${r.scenario.name}.json`);
      await writeFile(file, JSON.stringify(r));
      return file;
    }));
  };

  it('prints the one table and writes it as HTML and Markdown', async () => {
    const files = await writeRecords([scenarioRecord('mtls-strict', { seed: 21, taxUs: 260 }), scenarioRecord('istio-default', { seed: 22, taxUs: 700 })]);
    const out = await mkdtemp(path.join(os.tmpdir(), 'meshtax-side-by-side-out-'));
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await reportCommand(['--side-by-side', ...files, '--out', out, '--results-dir', out])).toBe(ExitCode.ok);
    const printed = write.mock.calls.map((c) => String(c[0])).join('');
    expect(printed).toMatch(/mtls-strict\s+minimal, no capture, 1 worker\s+p50/);
    expect(printed).toMatch(/istio-default\s+Istio, iptables, 2 workers, trace 1%\s+p50 .* higher \(own intervals apart\)/);
    const [folder] = await readdir(out);
    expect(folder).toMatch(/^side-by-side-/);
    expect((await readdir(path.join(out, folder!))).sort()).toEqual(['index.html', 'report.md']);
    expect(await readFile(path.join(out, folder!, 'report.md'), 'utf8')).toContain('| **istio-default** | Istio layout; interception iptables (Istio REDIRECT); 2 workers; mTLS STRICT;');
  });

  it('refuses fewer than two runs, runs from another Envoy, and --compare with it; --help teaches it', async () => {
    const [one, other] = await writeRecords([scenarioRecord('mtls-strict', { seed: 21 }), scenarioRecord('istio-default', { seed: 22, envoyVersion: '1.99.0' })]);
    await expect(reportCommand(['--side-by-side', one!])).rejects.toThrow(/at least two runs; got 1/);
    await expect(reportCommand(['--side-by-side', one!, other!])).rejects.toThrow(/different environments[\s\S]*envoyVersion 1\.99\.0/);
    await expect(reportCommand(['--side-by-side', '--compare', one!, other!])).rejects.toThrow(BadInputError);
    let help = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((help += String(chunk)), true));
    expect(await reportCommand(['--help'])).toBe(ExitCode.ok);
    expect(help).toContain('--side-by-side');
    expect(help).toContain('npm run bench:istio');
  });
});
