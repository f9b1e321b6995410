/** The history's change points, for the terminal and for Markdown (CI job summary). */
import type { SeriesAnalysis } from '../../compare/index.js';
import { level, pLabel, pValue, signed, us } from './format.js';

export function renderHistoryTerminal(scenario: string, series: readonly SeriesAnalysis[]): string {
  const out = [`meshtax history — scenario ${scenario}: ${countNights(series)} nights`];
  for (const s of series) {
    const head = `${level(s)} ${pLabel(s.percentile)}: ${s.points.length} nights${s.skipped ? ` (+${s.skipped} noisy or unmeasured, left out)` : ''}`;
    if (s.changePoints.length === 0) out.push(`${head} — no change point`);
    else {
      out.push(`${head}:`);
      for (const cp of s.changePoints) out.push(`  ${describe(cp)}`);
    }
  }
  return out.join('\n');
}

export function renderHistoryMarkdown(scenario: string, series: readonly SeriesAnalysis[]): string {
  const out = [`### meshtax history — \`${scenario}\``, '', '| level | percentile | nights | change points |', '|---|---|---:|---|'];
  for (const s of series) {
    const points = s.changePoints.length === 0 ? 'none' : s.changePoints.map(describe).join('<br>');
    out.push(`| ${level(s)} | ${pLabel(s.percentile)} | ${s.points.length}${s.skipped ? ` (+${s.skipped} left out)` : ''} | ${points.replace(/\|/g, '\\|')} |`);
  }
  out.push('', '<sub>Change points: E-divisive means (as Apache Otava) with a permutation test per split; on a series without a change, any change point is reported with probability α.</sub>');
  return `${out.join('\n')}\n`;
}

function describe(cp: SeriesAnalysis['changePoints'][number]): string {
  const pct = cp.changePct === null ? '' : ` (${cp.changePct >= 0 ? '+' : '−'}${Math.abs(cp.changePct).toFixed(0)}%)`;
  return `from ${cp.runId} (${cp.startedAt.slice(0, 10)}): ${us(cp.beforeMean)} → ${us(cp.afterMean)} µs, ${signed(cp.change)} µs${pct}, p = ${pValue(cp.pValue)}${cp.cause ? `; also changed: ${cp.cause}` : ''}`;
}

function countNights(series: readonly SeriesAnalysis[]): number {
  return Math.max(0, ...series.map((s) => s.points.length + s.skipped));
}
