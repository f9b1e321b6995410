/**
 * Writes a run's report folder: `<reportsDir>/<run-id>/` with index.html, report.md, smp.json,
 * charts/<id>.svg|png and the exports (fortio/, hgrm/, istio-perf.csv, metrics.prom).
 * Re-rendering overwrites the same files.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../record/index.js';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BadInputError } from '../errors.js';
import { reportCharts, type Chart } from './charts/index.js';
import { renderHtml } from './html.js';
import { renderSvg, svgToPng } from './images.js';
import { renderMarkdown } from './markdown.js';
import { reportProbesFromRecord, type ReportProbes } from './probes.js';
import type { ResultRecord } from '../record/schema.js';
import { toSmp } from './smp.js';
import { writeExports } from './export/write-exports.js';

export interface WriteReportOptions {
  /** Probe time lines and sidecar costs; default: from the probe series in the record. Charts are drawn only for what is present. */
  readonly probes?: ReportProbes;
}

export interface WrittenReport {
  /** The run's report folder. */
  readonly dir: string;
  /** Every file written, absolute. */
  readonly files: string[];
}

export async function writeReport(record: ResultRecord, reportsDir: string, options: WriteReportOptions = {}): Promise<WrittenReport> {
  const dir = path.join(path.resolve(reportsDir), safeRunId(record.runId));
  await mkdir(path.join(dir, 'charts'), { recursive: true });
  const probes = options.probes ?? reportProbesFromRecord(record);
  const charts = reportCharts(record, probes);
  const files: string[] = [];
  const put = async (name: string, content: string | Buffer) => {
    const file = path.join(dir, name);
    await writeFileAtomic(file, content);
    files.push(file);
  };
  for (const chart of charts) await writeChartImages(chart, put);
  await put('index.html', renderHtml(record, charts, { vegaScript: await vegaScript() }));
  await put('report.md', renderMarkdown(record, charts.map((c) => ({ title: c.title, href: `charts/${c.id}.png` }))));
  await put('smp.json', `${JSON.stringify(toSmp(record, probes), null, 2)}\n`);
  await writeExports(record, put);
  return { dir, files };
}

async function writeChartImages(chart: Chart, put: (name: string, content: string | Buffer) => Promise<void>): Promise<void> {
  const svg = await renderSvg(chart.spec);
  await put(`charts/${chart.id}.svg`, svg);
  await put(`charts/${chart.id}.png`, svgToPng(svg));
}

/** The run id names a folder: refuse anything that could point elsewhere. */
function safeRunId(runId: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(runId) || runId.includes('..')) {
    throw new BadInputError(`The record's runId "${runId}" cannot name a report folder.`, 'A run id has letters, digits, dots, dashes and underscores only.');
  }
  return runId;
}

let vegaBundle: Promise<string> | undefined;

/** The minified vega runtime the page inlines (read once per process). */
export function vegaScript(): Promise<string> {
  vegaBundle ??= readFile(createRequire(import.meta.url).resolve('vega/build/vega.min.js'), 'utf8');
  return vegaBundle;
}
