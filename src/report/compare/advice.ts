/** What a reader should take from a comparison, in plain sentences (shared by terminal and Markdown). */
import type { Comparison } from '../../compare/index.js';
import { level, pLabel } from './format.js';

export function whatToDo(c: Comparison): string[] {
  const lines: string[] = [];
  for (const r of c.rows.filter((row) => row.verdict === 'regression' || row.verdict === 'improvement')) {
    lines.push(`${r.verdict === 'regression' ? 'Regression' : 'Improvement'} at ${level(r)} ${pLabel(r.percentile)}: ${r.reason}.`);
  }
  const noisy = c.disturbances.filter((d) => d.noisy);
  for (const d of noisy) {
    const next = d.side === 'baseline' ? 'take the baseline from a quiet night' : 're-run on a quiet machine';
    lines.push(`Noisy ${d.side} run at ${level(d)}: ${d.reasons.join('; ')} — not judged; ${next}.`);
  }
  const cantTell = c.rows.filter((r) => r.verdict === 'cant-tell');
  const byRounds = cantTell.filter((r) => r.extraRounds !== null);
  if (byRounds.length > 0) {
    const rows = byRounds.map((r) => `${level(r)} ${pLabel(r.percentile)}`).join(', ');
    lines.push(
      c.extraRounds && c.extraRounds > 0
        ? `Can't tell at ${rows}. Re-run with ${c.extraRounds} more rounds: npm run bench -- --scenario ${c.scenario} --rounds ${c.current.rounds + c.extraRounds}` +
            (c.extraRounds >= c.settings.maxExtraRounds ? ` (the bound, regression.maxExtraRounds; it may still not settle: the change is close to the minimum effect or the baseline has too few rounds).` : '.')
        : `Can't tell at ${rows}, and extra rounds are off (regression.maxExtraRounds = 0).`,
    );
  }
  const notByRounds = cantTell.filter((r) => r.extraRounds === null);
  if (notByRounds.length > 0) {
    const rows = notByRounds.map((r) => `${level(r)} ${pLabel(r.percentile)}`).join(', ');
    lines.push(`Can't tell at ${rows}, and more rounds of this run cannot settle it: runs on this machine differ by more than the room left (or the baseline has too few rounds). Judge it against more nights (--against-history), refresh the baseline with more rounds, or measure on a quieter machine.`);
  }
  for (const u of c.unmatched) lines.push(`Only the ${u.side} has ${level(u)} ${pLabel(u.percentile)}: not compared.`);
  const notes = [...new Set(c.disturbances.flatMap((d) => d.notes.map((n) => `${d.side}: ${n}`)))];
  for (const note of notes) lines.push(`Note — ${note}.`);
  if (lines.length === 0 || c.rows.every((r) => r.verdict === 'no-change')) lines.push('No change beyond the minimum effect at any row.');
  return lines;
}
