/** Writes `<reportsDir>/compare-<timestamp>/`: index.html, report.md and the chart as SVG and PNG. */
import { mkdir } from 'node:fs/promises';
import { writeFileAtomic } from '../../record/index.js';
import path from 'node:path';
import { capacityChartOf } from '../charts/capacity.js';
import type { Chart } from '../charts/types.js';
import { renderSvg, svgToPng } from '../images.js';
import { vegaScript } from '../write-report.js';
import { compareCapacity, type CapacityComparison, type ComparedRecord } from './compare.js';
import { renderComparisonHtml } from './compare-html.js';
import { renderComparisonMarkdown } from './compare-markdown.js';
import { capacityPoints } from './model.js';

export interface WrittenComparison {
  readonly dir: string;
  readonly files: string[];
  readonly comparison: CapacityComparison;
}

export async function writeCapacityComparison(records: readonly ComparedRecord[], reportsDir: string, now = new Date()): Promise<WrittenComparison> {
  const comparison = compareCapacity(records);
  const dir = path.join(path.resolve(reportsDir), `compare-${now.toISOString().replace(/[:.]/g, '-')}`);
  await mkdir(path.join(dir, 'charts'), { recursive: true });
  const files: string[] = [];
  const put = async (name: string, content: string | Buffer) => {
    await writeFileAtomic(path.join(dir, name), content);
    files.push(path.join(dir, name));
  };
  const chart = comparisonChart(comparison);
  const svg = await renderSvg(chart.spec);
  await put(`charts/${chart.id}.svg`, svg);
  await put(`charts/${chart.id}.png`, svgToPng(svg));
  await put('index.html', renderComparisonHtml(comparison, [chart], await vegaScript()));
  await put('report.md', renderComparisonMarkdown(comparison, `charts/${chart.id}.png`));
  return { dir, files, comparison };
}

function comparisonChart(comparison: CapacityComparison): Chart {
  return capacityChartOf({
    id: 'capacity-compare',
    points: comparison.entries.flatMap((p) => capacityPoints(p)),
    columns: comparison.entries.map((p) => p.profile),
    columnTitle: 'Machine · node profile',
    percentile: comparison.percentile,
    confidence: comparison.confidence,
    budgetUs: comparison.budgetUs,
  });
}
