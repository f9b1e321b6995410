/** The capacity comparison as one self-contained HTML page (same look and chart runtime as a run's report). */
import { toVega } from '../charts/compile.js';
import type { Chart } from '../charts/types.js';
import { PAGE_SCRIPT, PAGE_STYLE } from '../html-assets.js';
import type { CapacityComparison } from './compare.js';
import { overviewTable } from './html.js';

const esc = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const jsonForScript = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');
const inlineScript = (js: string): string => js.replace(/<\/script/gi, '<\\/script');

export function renderComparisonHtml(comparison: CapacityComparison, charts: readonly Chart[], vegaScript: string): string {
  const specs = Object.fromEntries(charts.map((c) => [c.id, toVega(c.spec)]));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`meshtax capacity: ${comparison.machines.map((m) => m.label).join(' vs ')}`)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<main>
<header>
<p class="kicker">meshtax capacity comparison · ${comparison.machines.length} machines</p>
<h1>Capacity side by side</h1>
<p class="lede">The highest offered load each machine and node profile carries with the tax inside the budget, what its sidecars cost, and what that means in nodes and money.</p>
</header>
<section id="capacity" aria-label="Capacity">
<p class="capacity-answer">${esc(comparison.recommendation)}</p>
${comparison.warnings.map((w) => `<p class="warning">${esc(w)}</p>`).join('\n')}
${overviewTable(comparison.entries, 'Machine · node profile')}
</section>
${machinesSection(comparison)}
<section id="charts"><h2>Charts</h2>
${charts.map((c) => `<figure class="chart" id="figure-${esc(c.id)}"><div class="chart-view" id="chart-${esc(c.id)}" data-chart="${esc(c.id)}" role="img" aria-label="${esc(c.title)}"></div><figcaption>${esc(c.caption)}</figcaption></figure>`).join('\n')}
</section>
</main>
<script type="application/json" id="chart-specs">${jsonForScript(specs)}</script>
<script>${inlineScript(vegaScript)}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

function machinesSection(comparison: CapacityComparison): string {
  const rows = comparison.machines.map((m) => `<tr><th scope="row">${esc(m.label)}</th><td>${esc(m.hardware)}</td><td>${esc(m.runId)} (${esc(m.startedAt)})</td></tr>`).join('\n');
  return `<section id="machines"><h2>Machines</h2><table class="details"><tbody>
${rows}
</tbody></table></section>`;
}
