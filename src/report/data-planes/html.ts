/** Sidecars or ambient in the HTML report (nothing for a run without an ambient pass). */
import type { ResultRecord } from '../../record/schema.js';
import { esc } from '../page.js';
import { dataPlaneCells } from './cells.js';
import { DATA_PLANE_METHOD, dataPlaneComparison } from './model.js';

function tableOf(className: string, header: readonly string[], rows: readonly (readonly string[])[]): string {
  return `<table class="summary ${className}">
<thead><tr>${header.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join('')}</tr>`).join('\n')}
</tbody>
</table>`;
}

export function dataPlaneHtml(record: ResultRecord): string {
  const comparison = dataPlaneComparison(record);
  if (!comparison) return '';
  const cells = dataPlaneCells(comparison);
  return `<section id="data-planes" aria-label="Sidecars or ambient">
<h2>Sidecars or ambient</h2>
${tableOf('data-planes', cells.header, cells.rows)}
${comparison.warnings.map((w) => `<p class="warning">${esc(w)}</p>`).join('\n')}
${tableOf('data-plane-costs', cells.costHeader, cells.costRows)}
<p class="note">${esc(DATA_PLANE_METHOD)}</p>
</section>`;
}
