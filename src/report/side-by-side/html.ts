/** The side-by-side table as one self-contained HTML page (the same look as a run's report). */
import { esc, htmlPage } from '../page.js';
import type { SideBySide, SideBySideRow } from './model.js';
import { flagNotes, hasSeveralLevels, headerCells, rowCells, runToRunNote, versusParts } from './words.js';

const BADGE: Record<SideBySideRow['verdict'], string> = { PASS: 'pass', FAIL: 'fail', INCONCLUSIVE: 'inconclusive' };

export function renderSideBySideHtml(s: SideBySide): string {
  const header = headerCells(s, hasSeveralLevels(s));
  const verdictColumn = header.indexOf('Verdict');
  const versusColumn = verdictColumn + 1;
  const taxColumn = verdictColumn - 1;
  const rows = rowCells(s, true)
    .map(({ cells, firstOfGroup, row }) => {
      const tds = cells.map((c, i) => {
        if (i === 0) return firstOfGroup ? `<th scope="row">${esc(c)}</th>` : '<td></td>';
        if (i === 1) return `<td class="setup">${esc(c)}</td>`;
        if (i === taxColumn) return `<td class="figure tax">${esc(c)}</td>`;
        if (i === verdictColumn) return `<td><span class="badge badge-${BADGE[row.verdict]}">${esc(c)}</span></td>`;
        if (i === versusColumn) {
          const { figure, reading } = versusParts(row.versusFirst);
          return `<td class="figure">${esc(figure)}<span class="reading">${esc(reading)}</span></td>`;
        }
        return `<td>${esc(c)}</td>`;
      });
      return `<tr${firstOfGroup ? ' class="group-start"' : ''}>${tds.join('')}</tr>`;
    })
    .join('\n');
  const notes = [...s.warnings.map((w) => `<p class="warning">${esc(w)}</p>`), ...flagNotes(s).map((f) => `<p class="note">! ${esc(f)}</p>`)].join('\n');
  const runs = s.scenarios
    .map((e) => `<tr><th scope="row">${esc(e.label)}</th><td>${esc(e.description)}</td><td>${esc(e.runId)} (${esc(e.startedAt)}${e.quick ? ', --quick' : ''}, ${e.rounds} rounds × ${e.trialSeconds} s, ${esc(e.fidelity)} fidelity${e.state === 'partial' ? ', PARTIAL' : ''})</td><td><code>${esc(e.file)}</code></td></tr>`)
    .join('\n');
  const body = `<header>
<p class="kicker">meshtax side by side · ${s.scenarios.length} scenarios</p>
<h1>${esc(s.scenarios.map((e) => e.label).join(' vs '))}</h1>
<p class="lede">The tax each scenario’s sidecars add, beside the others, and each one’s difference to the first. Budget ${s.budgetUs} µs; ${esc(s.environment)}.</p>
</header>
<section id="side-by-side" aria-label="Side by side">
<table class="summary side-by-side">
<thead><tr>${header.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
${notes}
<p class="note">${esc([runToRunNote(s), s.method].filter((x) => x !== '').join(' '))}</p>
</section>
<section id="runs"><h2>Runs</h2><table class="details"><tbody>
${runs}
</tbody></table></section>`;
  return htmlPage({ title: `meshtax side by side: ${s.scenarios.map((e) => e.label).join(' vs ')}`, body, charts: [], vegaScript: '' }); // no charts: no chart runtime
}
