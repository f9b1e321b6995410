/** The capacity section of the HTML report: the answer, a row per profile, and every level tried. */
import { ciText, pLabel, rpsText, signedWholeUs, wholeUs } from '../format.js';
import type { CapacityProfile, CapacityReport } from '../../record/schema.js';
import { DATA_PLANE_CAPACITY_NOTE, dataPlaneCapacityTables } from './data-planes.js';
import { capacityState, capacityText, criteriaText, proxyHeaders, firstOverBudgetText, overallCapacityState, kneeText, nodesText, levelResultText, perMillionText, sidecarCpuText, sidecarMemoryText } from './words.js';

const esc = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function capacityHtml(capacity: CapacityReport, confidence: number): string {
  return `<section id="capacity" aria-label="Capacity">
<h2>Capacity</h2>
<p class="capacity-answer state-${overallCapacityState(capacity.profiles)}">${esc(capacity.recommendation)}</p>
${overviewTable(capacity.profiles)}
<p class="note">${esc(criteriaText(capacity, confidence))} Sidecar CPU is the median over the valid keep-alive mesh trials; nodes and cost use the capacity found and the prices in bench.config.ts.</p>
${dataPlanesHtml(capacity)}
${capacity.profiles.map((p) => levelsTable(p, capacity.search.percentile)).join('\n')}
</section>`;
}

/** One row per profile (or machine · profile): the figures a buyer compares. */
export function overviewTable(profiles: readonly CapacityProfile[], label = 'Node profile'): string {
  const [cpu, memory] = proxyHeaders(profiles);
  const rows = profiles
    .map(
      (p) => `<tr class="state-${capacityState(p)}"><th scope="row">${esc(p.profile)}</th><td class="tax">${esc(capacityText(p))}</td><td>${esc(kneeText(p))}</td><td>${esc(firstOverBudgetText(p))}</td>` +
        `<td>${esc(sidecarCpuText(p))}</td><td>${esc(sidecarMemoryText(p))}</td><td>${esc(nodesText(p))}</td><td>${esc(perMillionText(p.cost))}</td></tr>`,
    )
    .join('\n');
  return `<table class="summary capacity">
<thead><tr><th scope="col">${esc(label)}</th><th scope="col">Highest rate within budget</th><th scope="col">Knee of the latency curve</th><th scope="col">Lowest rate over budget</th><th scope="col">${esc(cpu)}</th><th scope="col">${esc(memory)}</th><th scope="col">Nodes needed</th><th scope="col">Cost per million requests</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

function levelsTable(p: CapacityProfile, percentile: number): string {
  const pl = pLabel(percentile);
  const rows = p.levels
    .map(
      (l) => `<tr><th scope="row">${esc(rpsText(l.rateRps))}</th><td>${l.phase}</td><td>${l.trialSeconds} s</td><td>${esc(rpsText(l.meshAchievedRps))}</td><td>${wholeUs(l.baselineUs)}</td><td>${wholeUs(l.meshUs)}</td>` +
        `<td class="tax">${signedWholeUs(l.taxUs)}</td><td>${ciText(l.ciUs)}</td><td>${l.errorPct.toFixed(2)}%</td>` +
        `<td><span class="badge badge-${l.passed ? 'pass' : l.outcome === 'invalid' || l.outcome === 'uncertain' ? 'inconclusive' : 'fail'}" title="${esc(l.reason)}">${esc(levelResultText(l))}</span></td></tr>`,
    )
    .join('\n');
  return `<table class="summary capacity-levels">
<caption>${esc(`${p.profile}: the levels tried, in order`)}</caption>
<thead><tr><th scope="col">Offered</th><th scope="col">Step</th><th scope="col">Trial</th><th scope="col">Mesh achieved</th><th scope="col">${pl} baseline µs</th><th scope="col">${pl} mesh µs</th><th scope="col">${pl} tax µs</th><th scope="col">CI µs</th><th scope="col">Errors</th><th scope="col">Result</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p class="note">${esc(p.recommendation)}</p>`;
}

/** Sidecars or ambient, per node profile searched with both. */
function dataPlanesHtml(capacity: CapacityReport): string {
  const tables = dataPlaneCapacityTables(capacity);
  if (tables.length === 0) return '';
  const table = (t: (typeof tables)[number]) => `<table class="summary capacity-data-planes">
<caption>${esc(`${t.profile}: sidecars or ambient`)}</caption>
<thead><tr><th scope="col"></th><th scope="col">Sidecars (Envoy)</th><th scope="col">Ambient (ztunnel)</th></tr></thead>
<tbody>
${t.rows.map((r) => `<tr><th scope="row">${esc(r.label)}</th><td>${esc(r.sidecar)}</td><td>${esc(r.ambient)}</td></tr>`).join('\n')}
</tbody>
</table>
<p class="capacity-answer">${esc(t.recommendation)}</p>`;
  return `<h3 id="capacity-data-planes">Sidecars or ambient</h3>
${tables.map(table).join('\n')}
<p class="note">${esc(DATA_PLANE_CAPACITY_NOTE)}</p>`;
}
