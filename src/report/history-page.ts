/** The history's own page: the trend chart (HTML, SVG, PNG) and its change points in words. */
import { mkdir } from 'node:fs/promises';
import { writeFileAtomic } from '../record/index.js';
import path from 'node:path';
import type { SeriesAnalysis } from '../compare/index.js';
import { trendChart } from './charts/trend.js';
import { renderHistoryMarkdown } from './compare/history.js';
import { chartFigures, esc, htmlPage } from './page.js';
import { renderSvg, svgToPng } from './images.js';
import { vegaScript } from './write-report.js';

export async function writeHistoryReport(scenario: string, series: readonly SeriesAnalysis[], reportsDir: string): Promise<{ dir: string; files: string[] }> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(scenario)) throw new Error(`"${scenario}" cannot name a report folder`);
  const dir = path.join(reportsDir, `history-${scenario}`);
  await mkdir(dir, { recursive: true });
  const chart = trendChart(scenario, series);
  const svg = await renderSvg(chart.spec);
  const files = {
    'index.html': historyHtml(scenario, series, chart, await vegaScript()),
    'history.md': renderHistoryMarkdown(scenario, series),
    'trend.svg': svg,
  };
  for (const [name, text] of Object.entries(files)) await writeFileAtomic(path.join(dir, name), text);
  await writeFileAtomic(path.join(dir, 'trend.png'), svgToPng(svg));
  return { dir, files: [...Object.keys(files), 'trend.png'].map((f) => path.join(dir, f)) };
}

function historyHtml(scenario: string, series: readonly SeriesAnalysis[], chart: ReturnType<typeof trendChart>, vegaScript: string): string {
  const steps = series.flatMap((s) => s.changePoints.map((cp) => `<li>${esc(`${s.profile} @ ${s.rateRps} rps p${s.percentile}: from ${cp.runId} (${cp.startedAt.slice(0, 10)}), ${Math.round(cp.beforeMean)} → ${Math.round(cp.afterMean)} µs`)}</li>`));
  const body = `<h1>${esc(`Tax over the nights: ${scenario}`)}</h1>
<section id="charts">${chartFigures([chart])}</section>
<section><h2>Change points</h2>${steps.length ? `<ul>${steps.join('')}</ul>` : '<p>None: no step in the history.</p>'}</section>`;
  return htmlPage({ title: `meshtax history: ${scenario}`, body, charts: [chart], vegaScript });
}
