/** The comparison as Markdown, for a CI job summary ($GITHUB_STEP_SUMMARY) or a PR comment. */
import type { Comparison, CompareVerdict } from '../../compare/index.js';
import { whatToDo } from './advice.js';
import { change, noChangeWords, pLabel, pValue, us, VERDICT_WORDS } from './format.js';

const MARK: Record<CompareVerdict, string> = {
  regression: '🔴',
  improvement: '🟢',
  'no-change': '⚪',
  'cant-tell': '🟡',
  noisy: '🌫️',
};

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderComparisonMarkdown(c: Comparison): string {
  const out: string[] = [];
  out.push(`### meshtax compare — \`${c.scenario}\`: ${MARK[c.verdict]} ${VERDICT_WORDS[c.verdict]}`);
  out.push('');
  out.push(`Current \`${c.current.runId}\` against baseline \`${c.baseline.runId}\` — Envoy ${c.current.envoyVersion}, ${c.current.environment}.`);
  for (const d of c.environmentDifferences) out.push(`> **Different ${d.field}:** baseline ${d.baseline}, current ${d.current} (compared with --allow-different-env).`);
  out.push('');
  out.push(`| profile | load | percentile | baseline tax µs | current tax µs | change µs (${Math.round(c.settings.confidence * 100)}% CI) | min effect µs | p | verdict |`);
  out.push('|---|---:|---|---:|---:|---:|---:|---:|---|');
  for (const r of c.rows) {
    out.push(
      `| ${cell(r.profile)} | ${r.rateRps} rps${r.newConnectionEvery > 0 ? ` (new conn. every ${r.newConnectionEvery})` : ''} | ${pLabel(r.percentile)} | ${us(r.baselineTaxUs)} | ${us(r.currentTaxUs)} | ${change(r)} | ±${us(r.minEffectUs)} | ${pValue(r.test.pValue)} | ${MARK[r.verdict]} ${VERDICT_WORDS[r.verdict]} |`,
    );
  }
  out.push('');
  for (const line of whatToDo(c)) out.push(`- ${cell(line)}`);
  out.push('');
  out.push(
    `<sub>Tax = mesh − baseline within each round. Test: ${c.settings.test}. A regression needs p ≤ ${c.settings.alpha}, a CI above 0 and a change of at least max(${c.settings.minEffectUs} µs, ${c.settings.minEffectPct}% of the baseline tax).${noChangeWords(c.settings.noChangeBandUs)} (config: \`regression\` in bench.config.ts)</sub>`,
  );
  return `${out.join('\n')}\n`;
}
