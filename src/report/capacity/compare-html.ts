/** The capacity comparison as one self-contained HTML page (same look and chart runtime as a run's report). */
import type { Chart } from '../charts/types.js';
import { chartFigures, esc, htmlPage } from '../page.js';
import type { CapacityComparison } from './compare.js';
import { overviewTable } from './html.js';


export function renderComparisonHtml(comparison: CapacityComparison, charts: readonly Chart[], vegaScript: string): string {
  const body = `<header>
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
${chartFigures(charts)}
</section>`;
  return htmlPage({ title: `meshtax capacity: ${comparison.machines.map((m) => m.label).join(' vs ')}`, body, charts, vegaScript });
}

function machinesSection(comparison: CapacityComparison): string {
  const rows = comparison.machines.map((m) => `<tr><th scope="row">${esc(m.label)}</th><td>${esc(m.hardware)}</td><td>${esc(m.runId)} (${esc(m.startedAt)})</td></tr>`).join('\n');
  return `<section id="machines"><h2>Machines</h2><table class="details"><tbody>
${rows}
</tbody></table></section>`;
}
