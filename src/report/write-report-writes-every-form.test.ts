import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../errors.js';
import { fixtureRecord } from '../testing/records.js';
import { writeReport } from './write-report.js';

describe('writeReport', () => {
  it('writes index.html, report.md, smp.json, every chart as SVG and PNG, and the exports under <dir>/<run-id>/', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'meshtax-reports-'));
    const record = fixtureRecord();
    const { dir, files } = await writeReport(record, root);
    expect(dir).toBe(path.join(root, record.runId));
    expect((await readdir(dir)).sort()).toEqual(['charts', 'fortio', 'hgrm', 'index.html', 'istio-perf.csv', 'metrics.prom', 'report.md', 'smp.json']);
    expect((await readdir(path.join(dir, 'fortio'))).sort()).toEqual(['dedicated-500rps-baseline.json', 'dedicated-500rps-mesh.json']);
    const charts = (await readdir(path.join(dir, 'charts'))).sort();
    expect(charts).toContain('tax-vs-rate.svg');
    expect(charts).toContain('tax-vs-rate.png');
    expect(charts.filter((f) => f.endsWith('.svg')).length).toBe(charts.filter((f) => f.endsWith('.png')).length);
    expect(files).toHaveLength(charts.length + 3 + 2 * 2 + 2);
    const md = await readFile(path.join(dir, 'report.md'), 'utf8');
    for (const png of charts.filter((f) => f.endsWith('.png'))) expect(md).toContain(`(charts/${png})`);
    expect(JSON.parse(await readFile(path.join(dir, 'smp.json'), 'utf8'))).toHaveProperty('results');
  });

  it('refuses a run id that would write outside the reports folder', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'meshtax-reports-'));
    await expect(writeReport({ ...fixtureRecord(), runId: '../escape' }, root)).rejects.toThrow(BadInputError);
  });
});
