/** Number and label formats shared by the comparison's output forms. */
import type { ComparedRow, CompareVerdict } from '../../compare/index.js';

export const us = (x: number | null) => (x === null ? '?' : `${Math.round(x)}`);
export const signed = (x: number | null) => (x === null ? '?' : `${x >= 0 ? '+' : '−'}${Math.round(Math.abs(x))}`);
export const pLabel = (p: number) => `p${p}`;
export const pValue = (p: number) => (p < 0.001 ? '< 0.001' : p.toFixed(3));
export const level = (r: { profile: string; rateRps: number; newConnectionEvery: number }) =>
  `${r.profile} @ ${r.rateRps} rps${r.newConnectionEvery > 0 ? `, new connection every ${r.newConnectionEvery}` : ''}`;

export const VERDICT_WORDS: Record<CompareVerdict, string> = {
  regression: 'REGRESSION',
  improvement: 'improvement',
  'no-change': 'no change',
  'cant-tell': "can't tell",
  noisy: 'noisy',
};

/** "no change when the interval lies within ±100 µs at p50, ±1000 µs at p99", or '' without bands. */
export function noChangeWords(bands: Readonly<Record<string, number>>): string {
  const listed = Object.entries(bands).sort(([a], [b]) => Number(a) - Number(b));
  if (listed.length === 0) return '';
  return ` No change when the change's interval lies within ${listed.map(([p, band]) => `±${Math.round(band)} µs at p${p}`).join(', ')} (never narrower than the minimum effect; elsewhere the minimum effect).`;
}

/** "+99 [+68, +122] (+38%)" */
export function change(row: ComparedRow): string {
  const [low, high] = row.changeCiUs;
  const ci = low === null || high === null ? '[unknown]' : `[${signed(low)}, ${signed(high)}]`;
  const pct = row.changePct === null ? '' : ` (${row.changePct >= 0 ? '+' : '−'}${Math.abs(row.changePct).toFixed(0)}%)`;
  return `${signed(row.changeUs)} ${ci}${pct}`;
}
