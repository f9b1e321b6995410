import { mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BadInputError, ExitCode } from '../errors.js';
import { FIXTURE_PATH, fixtureRecord } from '../testing/records.js';
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
