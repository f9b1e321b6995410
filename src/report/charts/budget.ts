/** The budget line and its label, layered onto every tax chart. */
import { formatUs } from '../format.js';
import { BUDGET_COLOR } from './theme.js';

/**
 * One row per facet cell, so a line or label is drawn once rather than once per data row (which
 * smudges text). Fields a chart lacks group as one.
 */
const ONCE_PER_CELL = [{ aggregate: [{ op: 'count' as const, as: 'rows' }], groupby: ['profile', 'loadLabel', 'connLabel'] }];

export function budgetLayers(budgetUs: number) {
  return [
    {
      transform: ONCE_PER_CELL,
      mark: { type: 'rule' as const, color: BUDGET_COLOR, strokeDash: [6, 4], strokeWidth: 1.5 },
      encoding: { y: { datum: budgetUs } },
    },
    {
      transform: ONCE_PER_CELL,
      mark: { type: 'text' as const, color: BUDGET_COLOR, align: 'right' as const, baseline: 'bottom' as const, dy: -3, x: 'width' as const, fontSize: 12 },
      encoding: { y: { datum: budgetUs }, text: { value: `budget ${formatUs(budgetUs)}` } },
    },
  ];
}

/** A thin line at zero: below it the mesh measured faster than the baseline (noise). */
export const zeroLayer = { transform: ONCE_PER_CELL, mark: { type: 'rule' as const, color: '#888', strokeWidth: 1 }, encoding: { y: { datum: 0 } } };
