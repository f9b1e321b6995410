/** The side-by-side table in the terminal: the runs, one table, then the notes that qualify it. */
import type { SideBySide } from './model.js';
import { flagNotes, hasSeveralLevels, headerCells, rowCells, runToRunNote, sidecarSetupText } from './words.js';

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function renderSideBySideTerminal(s: SideBySide): string {
  const out = [`meshtax side by side — ${s.scenarios.map((e) => e.label).join(' vs ')} (budget ${s.budgetUs} µs; ${s.environment})`, ''];
  for (const e of s.scenarios) out.push(`${e.label}: ${sidecarSetupText(e.sidecars)} — run ${e.runId}${e.quick ? ', --quick' : ''}, ${e.rounds} rounds × ${e.trialSeconds} s`);
  out.push('', table(headerCells(s, hasSeveralLevels(s)), rowCells(s, false).map((r) => r.cells)), '');
  for (const w of s.warnings) out.push(`! ${w}`);
  for (const f of flagNotes(s)) out.push(`! ${f}`);
  const note = runToRunNote(s);
  if (note) out.push(note);
  out.push(s.method);
  return out.join('\n');
}
