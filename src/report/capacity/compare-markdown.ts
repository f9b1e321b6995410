/** The capacity comparison as Markdown: the answer, the side-by-side table, the machines, the chart. */
import type { CapacityComparison } from './compare.js';
import { mdCell, overviewMarkdown } from './markdown.js';

export function renderComparisonMarkdown(comparison: CapacityComparison, chartHref: string | null): string {
  return [
    `## meshtax capacity: ${comparison.machines.map((m) => mdCell(m.label)).join(' vs ')}`,
    '',
    `**${comparison.recommendation}**`,
    '',
    ...comparison.warnings.map((w) => `> ⚠️ ${w}`),
    ...(comparison.warnings.length > 0 ? [''] : []),
    ...overviewMarkdown(comparison.entries, 'Machine · node profile'),
    '### Machines',
    '',
    ...comparison.machines.map((m) => `- **${mdCell(m.label)}**: ${mdCell(m.hardware)} — run ${m.runId}`),
    '',
    ...(chartHref === null ? [] : [`![Capacity: mesh tax against offered load](${chartHref})`, '']),
  ].join('\n');
}
