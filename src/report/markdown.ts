/**
 * The report as Markdown for a CI job summary or a pull-request comment: the verdict, the table,
 * the checks and the chart images (relative links into the report folder).
 */
import { ciText, confidenceText, formatUs, pLabel, rpsText, signedWholeUs, wholeUs } from './format.js';
import { machineRows } from './machine.js';
import { connectionText, levelsOf, loadText, sameLevel } from './model.js';
import type { ResultRecord } from '../record/schema.js';
import { levelNotes, verdictStatement } from './words.js';
import { capacityMarkdown } from './capacity/markdown.js';
import { stoppingLines } from './stopping.js';
import { atCapacity } from './capacity/model.js';
import { dataPlaneMarkdown } from './data-planes/markdown.js';

export interface ChartLink {
  readonly title: string;
  /** Relative to the Markdown file, e.g. `charts/tax-vs-rate.png`. */
  readonly href: string;
}

const MARK: Record<ResultRecord['verdict'], string> = { PASS: '✅', FAIL: '❌', INCONCLUSIVE: '⚠️' };

export function renderMarkdown(record: ResultRecord, charts: readonly ChartLink[] = []): string {
  return [
    ...verdictSection(atCapacity(record)),
    ...(record.capacity ? capacityMarkdown(record.capacity, record.settings.confidence) : []),
    ...summaryTable(record),
    ...flagNotes(record),
    ...dataPlaneMarkdown(record),
    ...setupSection(record),
    ...machineSection(record),
    ...checksSection(record),
    ...chartsSection(charts),
    runLine(record),
    '',
  ].join('\n');
}

function verdictSection(record: ResultRecord): string[] {
  const statement = verdictStatement(record);
  return [
    `## ${MARK[record.verdict]} meshtax: ${record.verdict} — ${cell(record.scenario.name)}`,
    '',
    `**${statement.headline}**`,
    '',
    ...statement.reasons.map((r) => `- ${r}`),
    ...(statement.costs.length > 0 ? ['', `**Cost:** ${statement.costs.join(' ')}`] : []),
    ...(statement.advice.length > 0 ? ['', statement.advice.map((a) => `> ${a}`).join('\n>\n')] : []),
    ...(record.stopping ? ['', ...stoppingLines(record).map((l) => `- ${l}`)] : []),
    '',
  ];
}

function summaryTable(record: ResultRecord): string[] {
  const header = ['Node profile', 'Offered load', 'Percentile', 'Baseline µs', 'Mesh µs', 'Tax µs', `${confidenceText(record.settings.confidence)} CI µs`, 'Noise floor µs', 'Verdict'];
  const counted = (p: number) => record.settings.verdictPercentiles.includes(p);
  const rows = record.summary.map((r) => [
    cell(r.profile),
    loadText(r),
    `${pLabel(r.percentile)}${counted(r.percentile) ? '' : '*'}`,
    wholeUs(r.baselineUs),
    wholeUs(r.meshUs),
    `**${signedWholeUs(r.taxUs)}**`,
    ciText(r.ciUs),
    r.noiseFloorUs === null ? '?' : `±${wholeUs(r.noiseFloorUs)}`,
    `${MARK[r.verdict]} ${r.verdict}`,
  ]);
  const right = new Set([3, 4, 5, 6, 7]);
  return [
    `Budget: **${formatUs(record.budgetUs)}** of added latency. Each side's percentile comes from its merged histograms; tax = mesh − baseline; its range from resampling whole rounds.`,
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (right.has(i) ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ];
}

function flagNotes(record: ResultRecord): string[] {
  const notes = levelsOf(record).flatMap((level) => {
    const lines = levelNotes(record.summary.filter((r) => sameLevel(r, level)));
    return lines.length > 0 ? [`- **${cell(level.profile)}, ${loadText(level)}**: ${lines.map(cell).join('. ')}.`] : [];
  });
  const informational = record.settings.percentiles.filter((p) => !record.settings.verdictPercentiles.includes(p));
  const star = informational.length > 0 ? [`\\* ${informational.map(pLabel).join(', ')}: reported, not part of the verdict.`, ''] : [];
  return [...star, ...(notes.length > 0 ? ['<details><summary>Why some figures should not be taken at face value</summary>', '', ...notes, '', '</details>', ''] : [])];
}

function setupSection(record: ResultRecord): string[] {
  if (record.connectionSetupTax.length === 0) return [];
  return [
    '### Connection setup',
    '',
    'Extra tax of short-lived connections over keep-alive (conservative interval).',
    '',
    '| Node profile | Offered load | Connections | Percentile | Extra tax µs | CI µs |',
    '| --- | --- | --- | --- | ---: | ---: |',
    ...record.connectionSetupTax.map((s) => `| ${cell(s.profile)} | ${rpsText(s.rateRps)} | ${connectionText(s.newConnectionEvery)} | ${pLabel(s.percentile)} | ${signedWholeUs(s.extraTaxUs)} | ${ciText(s.ciUs)} |`),
    '',
  ];
}

function machineSection(record: ResultRecord): string[] {
  const rows = machineRows(record);
  if (rows.length === 0) return [];
  return [
    '### Sidecar cost and the machine',
    '',
    `| | ${record.probes.map((p) => cell(p.profile)).join(' | ')} |`,
    `| --- | ${record.probes.map(() => '---:').join(' | ')} |`,
    ...rows.map((r) => `| ${cell(r.label)} | ${r.cells.join(' | ')} |`),
    '',
  ];
}

function checksSection(record: ResultRecord): string[] {
  if (record.checks.length === 0) return [];
  return ['### Checks', '', ...record.checks.map((c) => `- ${c.passed ? '✅' : '❌'} ${cell(c.name)}: ${cell(c.detail)}`), ''];
}

function chartsSection(charts: readonly ChartLink[]): string[] {
  if (charts.length === 0) return [];
  return ['### Charts', '', ...charts.flatMap((c) => [`![${cell(c.title)}](${c.href})`, ''])];
}

function runLine(record: ResultRecord): string {
  const partial = record.state === 'partial' ? ' · **partial run**' : '';
  return `<sub>Run ${record.runId} · ${record.startedAt} · Envoy ${record.envoy.version} · ${record.fidelity.level} fidelity · meshtax ${record.tool.version}${partial}</sub>`;
}

/** Text safe inside a table cell or link text. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/[[\]]/g, (c) => `\\${c}`);
}
