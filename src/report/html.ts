/**
 * The report as one self-contained HTML page: verdict first, then the table, the charts (drawn in
 * the browser by the inlined vega runtime from specs compiled here), the checks and the run's
 * details. Works offline from a file:// URL: no fetches, no fonts or scripts from elsewhere.
 */
import type { Chart } from './charts/types.js';
import { stoppingLines } from './stopping.js';
import { ciText, confidenceText, formatUs, pLabel, rpsText, signedWholeUs, wholeUs } from './format.js';
import type { LevelSummary, ResultRecord } from '../record/schema.js';
import { machineRows } from './machine.js';
import { connectionText, sameLevel } from './model.js';
import { levelNotes, verdictStatement } from './words.js';
import { chartFigures, esc, htmlPage } from './page.js';
import { capacityHtml } from './capacity/html.js';
import { atCapacity } from './capacity/model.js';
import { dataPlaneHtml } from './data-planes/html.js';

export interface HtmlOptions {
  /** The vega runtime (vega.min.js) to inline. */
  readonly vegaScript: string;
}

export function renderHtml(record: ResultRecord, charts: readonly Chart[], options: HtmlOptions): string {
  const body = [
    header(record),
    record.capacity ? capacityHtml(record.capacity, record.settings.confidence) : '',
    verdictBlock(atCapacity(record)),
    summarySection(record),
    dataPlaneHtml(record),
    setupSection(record),
    machineSection(record),
    chartsSection(charts),
    checksSection(record),
    detailsSection(record),
  ].join('\n');
  return htmlPage({ title: `meshtax ${record.verdict}: ${record.scenario.name} (${record.runId})`, body, charts, vegaScript: options.vegaScript });
}

export { esc };

function header(record: ResultRecord): string {
  const partial = record.state === 'partial' ? `<p class="warning">Partial run: ${esc(record.partialReason ?? 'stopped early')} — the figures cover only what was measured.</p>` : '';
  return `<header>
<p class="kicker">meshtax report · ${esc(record.runId)}</p>
<h1>Mesh tax: ${esc(record.scenario.name)}</h1>
<p class="lede">${esc(record.scenario.description)}</p>
${partial}
</header>`;
}

function verdictBlock(record: ResultRecord): string {
  const s = verdictStatement(record);
  const advice = s.advice.length > 0 ? `<ul class="advice">${s.advice.map((a) => `<li>${esc(a)}</li>`).join('')}</ul>` : '';
  return `<section class="verdict verdict-${s.verdict.toLowerCase()}" id="verdict" aria-label="Verdict">
<p class="verdict-line"><span class="verdict-word">${s.verdict}</span> <span class="headline">${esc(capitalize(s.headline.replace(/^\w+ — /, '')))}</span></p>
<div class="verdict-text">
<ul class="reasons">${s.reasons.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>
${s.costs.length > 0 ? `<p class="costs"><b>Cost:</b> ${esc(s.costs.join(' '))}</p>` : ''}
${advice}
</div>
</section>
<p class="how">How to read this: the <b>tax</b> is the latency the mesh adds (with minus without the sidecars), measured in back-to-back rounds;
the <b>${confidenceText(record.settings.confidence)} confidence interval</b> is where the true tax lies; the <b>noise floor</b> is the smallest difference this machine can resolve.
PASS needs the whole interval within the <b>${esc(formatUs(record.budgetUs))}</b> budget; FAIL means all of it is above.</p>${stoppingHtml(record)}`;
}

/** Where and why the run stopped adding rounds, when it stops when it knows. */
function stoppingHtml(record: ResultRecord): string {
  const [rule, ...levels] = stoppingLines(record);
  if (rule === undefined) return '';
  return `\n<div class="how stopping" id="stopping"><p>${esc(rule)}</p><ul>${levels.map((l) => `<li>${esc(l)}</li>`).join('')}</ul></div>`;
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function summarySection(record: ResultRecord): string {
  const tables = record.levels.map((level) => levelTable(record, level)).join('\n');
  const informational = record.settings.percentiles.filter((p) => !record.settings.verdictPercentiles.includes(p));
  const note = informational.length > 0 ? `<p class="note">* ${esc(informational.map(pLabel).join(', '))}: reported, not part of the verdict.</p>` : '';
  return `<section id="summary"><h2>Summary</h2>\n${tables}\n${note}</section>`;
}

function levelTable(record: ResultRecord, level: LevelSummary): string {
  const rows = record.summary.filter((r) => sameLevel(r, level));
  const counted = (p: number) => record.settings.verdictPercentiles.includes(p);
  const body = rows
    .map(
      (r) => `<tr><th scope="row">${pLabel(r.percentile)}${counted(r.percentile) ? '' : '*'}</th><td>${wholeUs(r.baselineUs)}</td><td>${wholeUs(r.meshUs)}</td>` +
        `<td class="tax">${signedWholeUs(r.taxUs)}</td><td>${ciText(r.ciUs)}</td><td>${r.noiseFloorUs === null ? '?' : `±${wholeUs(r.noiseFloorUs)}`}</td>` +
        `<td><span class="badge badge-${r.verdict.toLowerCase()}">${r.verdict}</span></td></tr>`,
    )
    .join('\n');
  const notes = [
    ...levelNotes(rows),
    ...level.invalidReasons.map((reason) => `invalid trial: ${reason}`),
  ];
  return `<table class="summary">
<caption>${esc(levelCaption(level))}</caption>
<thead><tr><th scope="col">Percentile</th><th scope="col">Baseline µs</th><th scope="col">Mesh µs</th><th scope="col">Tax µs</th><th scope="col">${confidenceText(record.settings.confidence)} CI µs</th><th scope="col">Noise floor µs</th><th scope="col">Verdict</th></tr></thead>
<tbody>
${body}
</tbody>
</table>
${notes.length > 0 ? `<ul class="flags">${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}`;
}

function levelCaption(level: LevelSummary): string {
  const offered = `${level.offeredRps === null ? 'closed loop' : `offered ${rpsText(level.offeredRps)}`}, ${connectionText(level.newConnectionEvery)}`;
  const invalid = level.invalidTrials > 0 ? `, ${level.invalidTrials} invalid (left out)` : '';
  return `${level.profile} nodes · ${offered} · achieved ${rpsText(level.baselineAchievedRps)} baseline, ${rpsText(level.meshAchievedRps)} mesh · ${level.validTrials} valid trials${invalid}`;
}

function setupSection(record: ResultRecord): string {
  if (record.connectionSetupTax.length === 0) return '';
  const rows = record.connectionSetupTax
    .map((s) => `<tr><th scope="row">${esc(s.profile)}</th><td>${esc(rpsText(s.rateRps))}</td><td>${esc(connectionText(s.newConnectionEvery))}</td><td>${pLabel(s.percentile)}</td><td class="tax">${signedWholeUs(s.extraTaxUs)}</td><td>${ciText(s.ciUs)}</td></tr>`)
    .join('\n');
  return `<section id="connection-setup"><h2>Connection setup</h2>
<p class="note">What short-lived connections add on top of the keep-alive tax (a new TLS handshake through both sidecars). The interval is conservative: the far ends of the two intervals.</p>
<table class="summary"><thead><tr><th scope="col">Node profile</th><th scope="col">Offered load</th><th scope="col">Connections</th><th scope="col">Percentile</th><th scope="col">Extra tax µs</th><th scope="col">CI µs</th></tr></thead>
<tbody>
${rows}
</tbody></table></section>`;
}

function machineSection(record: ResultRecord): string {
  const rows = machineRows(record);
  if (rows.length === 0) return '';
  const head = record.probes.map((p) => `<th scope="col">${esc(p.profile)}</th>`).join('');
  const body = rows.map((r) => `<tr><th scope="row">${esc(r.label)}</th>${r.cells.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<section id="machine"><h2>Sidecar cost and the machine during the run</h2>
<p class="note">Measured by the probes beside the load, over the measured trials. High steal, pressure, throttling or disk await means the machine, not the mesh, may have made the tail.</p>
<table class="summary machine"><thead><tr><th scope="col"></th>${head}</tr></thead>
<tbody>
${body}
</tbody></table></section>`;
}

function chartsSection(charts: readonly Chart[]): string {
  return `<section id="charts"><h2>Charts</h2>
${chartFigures(charts)}
</section>`;
}

function checksSection(record: ResultRecord): string {
  if (record.checks.length === 0) return '';
  const items = record.checks.map((c) => `<li class="${c.passed ? 'pass' : 'fail'}"><span class="mark">${c.passed ? '✓' : '✗'}</span> <b>${esc(c.name)}</b>: ${esc(c.detail)}</li>`);
  return `<section id="checks"><h2>Checks</h2><p class="note">Verified during the run, not assumed.</p><ul class="checks">${items.join('')}</ul></section>`;
}

function machineText(env: ResultRecord['environment']): string {
  const cores = `${env.cpu.logicalCores} CPUs (${env.cpu.availableCores} usable)`;
  const virt = env.virtualization.virtual ? `virtual (${env.virtualization.hypervisor ?? 'unknown hypervisor'})` : 'bare metal';
  const disks = env.disks.map((d) => `${d.name} ${d.type}`).join(', ') || 'no disks seen';
  return `${env.hostname}: ${env.cpu.model}, ${cores}, ${virt}${env.virtualization.systemModel ? ` ${env.virtualization.systemModel}` : ''}; ` +
    `${(env.memory.totalBytes / 2 ** 30).toFixed(1)} GiB memory; disks ${disks}; ${env.os.distro ?? env.os.platform} kernel ${env.os.kernel}; cgroup ${env.cgroupVersion ?? 'unknown'}`;
}

function profileText(p: ResultRecord['profiles'][number]): string {
  const neighbour = p.neighbourCpus === null ? 'no neighbour' : `noisy neighbour on CPUs ${p.neighbourCpus} at ${p.neighbourDutyPct}% duty`;
  const quota = p.quotaPct === null ? 'no CPU quota' : `CPU quota ${p.quotaPct}%`;
  return `${p.kind}: client on CPUs ${p.clientCpus}, server on ${p.serverCpus}; ${quota}; ${neighbour}; ${p.fidelity.level} fidelity${p.notes.length > 0 ? ` (${p.notes.join('; ')})` : ''}`;
}

function detailsSection(record: ResultRecord): string {
  const s = record.settings;
  const rows: Array<[string, string]> = [
    ['Run', `${record.runId} · ${record.startedAt} → ${record.finishedAt} · ${record.state}`],
    ['Fidelity', `${record.fidelity.level}: ${record.fidelity.reason}`],
    ['Envoy', `${record.envoy.version} (${record.envoy.source}), concurrency ${record.envoy.concurrency}; ${record.envoy.configuration}`],
    ['Rounds', `${s.rounds} rounds × A B B A, ${s.trialSeconds} s per trial, ${s.warmupSeconds} s warm-up${s.quick ? ' (quick)' : ''}`],
    ['Statistics', `${confidenceText(s.confidence)} bootstrap CI of the median tax, ${s.bootstrapResamples} resamples, seed ${s.bootstrapSeed}`],
    ['Machine', machineText(record.environment)],
    ...record.profiles.map((p): [string, string] => [`Profile ${p.profile}`, profileText(p)]),
    ['Tool', `meshtax ${record.tool.version}, record schema v${record.schemaVersion}`],
  ];
  if (record.cleanup.failures.length > 0) rows.push(['Cleanup failures', record.cleanup.failures.join('; ')]);
  const body = rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('\n');
  return `<section id="details"><h2>Run details</h2><table class="details">${body}</table></section>`;
}
