/** The side-by-side table as Markdown (a CI job summary, a PR comment, the closing note of a study). */
import { mdCell } from '../capacity/markdown.js';
import type { SideBySide } from './model.js';
import { flagNotes, hasSeveralLevels, headerCells, rowCells, runToRunNote } from './words.js';

export function renderSideBySideMarkdown(s: SideBySide): string {
  const header = headerCells(s, hasSeveralLevels(s));
  const out = [
    `## meshtax side by side: ${s.scenarios.map((e) => mdCell(e.label)).join(' vs ')}`,
    '',
    `Budget ${s.budgetUs} µs; ${mdCell(s.environment)}.`,
    '',
    ...s.warnings.map((w) => `> ⚠️ ${mdCell(w)}`),
    ...(s.warnings.length > 0 ? [''] : []),
    `| ${header.map(mdCell).join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rowCells(s, true).map(({ cells, firstOfGroup }) => `| ${cells.map((c, i) => (i === 0 && firstOfGroup ? `**${mdCell(c)}**` : mdCell(c))).join(' | ')} |`),
    '',
    ...flagNotes(s).map((f) => `- ! ${mdCell(f)}`),
    ...(flagNotes(s).length > 0 ? [''] : []),
    '### Runs',
    '',
    ...s.scenarios.map((e) => `- **${mdCell(e.label)}**: ${mdCell(e.description)} — run \`${e.runId}\` (${e.startedAt}${e.quick ? ', --quick' : ''}, ${e.rounds} rounds × ${e.trialSeconds} s, ${e.fidelity} fidelity${e.state === 'partial' ? ', PARTIAL' : ''}), \`${mdCell(e.file)}\``),
    '',
    `<sub>${mdCell([runToRunNote(s), s.method].filter((x) => x !== '').join(' '))}</sub>`,
  ];
  return `${out.join('\n')}\n`;
}
