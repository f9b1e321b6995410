/** Sidecars or ambient in the Markdown report (nothing for a run without an ambient pass). */
import type { ResultRecord } from '../../record/schema.js';
import { dataPlaneCells } from './cells.js';
import { DATA_PLANE_METHOD, dataPlaneComparison } from './model.js';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');

function tableOf(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

export function dataPlaneMarkdown(record: ResultRecord): string[] {
  const comparison = dataPlaneComparison(record);
  if (!comparison) return [];
  const cells = dataPlaneCells(comparison);
  const warnings = comparison.warnings.map((w) => `> ${cell(w)}`);
  return ['### Sidecars or ambient', '', DATA_PLANE_METHOD, '', ...tableOf(cells.header, cells.rows), '', ...(warnings.length > 0 ? [...warnings, ''] : []), ...tableOf(cells.costHeader, cells.costRows), ''];
}
