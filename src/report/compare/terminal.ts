/** The comparison in the terminal: the verdict first, then one table row per compared row. */
import type { Comparison } from '../../compare/index.js';
import { change, level, noChangeWords, pLabel, pValue, us, VERDICT_WORDS } from './format.js';
import { whatToDo } from './advice.js';
import { textTable } from '../format.js';

export function renderComparisonTerminal(c: Comparison): string {
  const out: string[] = [];
  out.push(`meshtax compare — scenario ${c.scenario}: ${VERDICT_WORDS[c.verdict]}`);
  out.push(`current  ${c.current.runId} (Envoy ${c.current.envoyVersion}, ${c.current.environment})`);
  out.push(`baseline ${c.baseline.runId} (Envoy ${c.baseline.envoyVersion}, ${c.baseline.environment})`);
  for (const d of c.environmentDifferences) out.push(`! different ${d.field}: baseline ${d.baseline}, current ${d.current} (compared because --allow-different-env)`);
  out.push('');
  out.push(
    textTable(
      ['level', 'pct', 'baseline tax µs', 'current tax µs', `change µs (${Math.round(c.settings.confidence * 100)}% CI)`, 'min effect µs', 'p', 'verdict'],
      c.rows.map((r) => [level(r), pLabel(r.percentile), us(r.baselineTaxUs), us(r.currentTaxUs), change(r), `±${us(r.minEffectUs)}`, pValue(r.test.pValue), VERDICT_WORDS[r.verdict]]),
      2,
    ),
  );
  out.push('');
  out.push(...whatToDo(c).map((line) => `  ${line}`));
  out.push('');
  out.push(`Test: ${c.settings.test}; regression when p ≤ ${c.settings.alpha}, the CI is above 0 and the change ≥ max(${c.settings.minEffectUs} µs, ${c.settings.minEffectPct}% of the baseline tax).${noChangeWords(c.settings.noChangeBandUs)}`);
  return out.join('\n');
}
