/** Tonight against the history, in the terminal: the verdict, then one row per (level, percentile). */
import type { HistoryComparison } from '../../compare/index.js';
import { level, noChangeWords, pLabel, pValue, signed, us, VERDICT_WORDS } from './format.js';
import { textTable } from '../format.js';

const METHOD_WORDS = { 'nights-mean': 'mean', 'speed-adjusted': 'speed-adj.' } as const;

export function renderHistoryComparisonTerminal(c: HistoryComparison): string {
  const confidence = `${Math.round(c.settings.confidence * 100)}%`;
  const rows = c.rows.map((r) => {
    const p = r.prediction;
    return [
      level(r),
      pLabel(r.percentile),
      us(r.currentTaxUs),
      p ? us(p.predictedTaxUs) : '?',
      p ? `${signed(p.changeUs)} [${signed(p.ciUs[0])}, ${signed(p.ciUs[1])}]` : '[no prediction]',
      p ? `${p.nights} (${METHOD_WORDS[p.method]})` : '–',
      `±${us(r.minEffectUs)}`,
      p ? pValue(p.pValue) : '–',
      VERDICT_WORDS[r.verdict],
    ];
  });
  return [
    `meshtax compare --against-history — scenario ${c.scenario}: ${VERDICT_WORDS[c.verdict]}`,
    `tonight ${c.runId} (Envoy ${c.envoyVersion}, ${c.environment}), against up to ${c.window} earlier comparable nights`,
    '',
    textTable(['level', 'pct', 'tonight tax µs', 'predicted µs', `change µs (${confidence} prediction interval)`, 'nights', 'min effect µs', 'p', 'verdict'], rows, 2),
    '',
    ...c.rows.filter((r) => r.verdict !== 'no-change').map((r) => `  ${level(r)} ${pLabel(r.percentile)}: ${r.reason}${r.noise.length > 0 ? ` (disturbed: ${r.noise.join('; ')})` : ''}`),
    '',
    `Method: tonight's tax against a prediction interval from the nights' spread (it holds the run-to-run variance); adjusted for the machine's speed (each night's baseline p50) with 8+ nights when tonight's speed lies within theirs, each night then weighted by its own precision and tonight's interval widened by its own SE (so a stalled night widens only its own). "No change" is judged on the same stated-confidence interval as comparing two runs. Regression when p ≤ ${c.settings.alpha}, the interval is above 0 and the change ≥ max(${c.settings.minEffectUs} µs, ${c.settings.minEffectPct}% of the predicted tax).${noChangeWords(c.settings.noChangeBandUs)}`,
  ].join('\n');
}
