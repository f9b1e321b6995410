/**
 * The tax of every round, per percentile: the spread the confidence interval summarises. A round
 * far from the others points at a disturbance during it (see the probe time lines).
 */
import { pLabel } from '../format.js';
import { loadLabelsOf, loadText, profilesOf, roundTaxPoints } from '../model.js';
import type { ResultRecord } from '../../record/schema.js';
import { budgetLayers, zeroLayer } from './budget.js';
import { compose, facetOf, loadRows } from './facets.js';
import { percentileColor } from './tax-vs-rate.js';
import { PANEL } from './theme.js';
import type { Chart } from './types.js';

const TITLE = 'Tax in each round';

function values(record: ResultRecord) {
  const rounds = roundTaxPoints(record).map((p) => ({
    ...p,
    kind: 'round',
    /** Counted from 1, as the progress lines say it. */
    roundNo: p.round + 1,
    loadLabel: loadText(p),
    pText: pLabel(p.percentile),
    balancedText: p.balanced ? 'all four trials valid' : 'some trials invalid',
  }));
  const medians = record.summary.flatMap((r) =>
    r.taxUs === null ? [] : [{ kind: 'median', profile: r.profile, loadLabel: loadText(r), pText: pLabel(r.percentile), taxUs: r.taxUs }],
  );
  return [...rounds, ...medians];
}

export function roundTaxChart(record: ResultRecord): Chart {
  const color = percentileColor(record);
  const y = { field: 'taxUs', type: 'quantitative' as const, title: 'Tax in that round (µs)' };
  return {
    id: 'round-tax',
    title: TITLE,
    caption:
      'Each dot is one round: mesh minus baseline, measured back to back (A B B A). Dotted lines: the tax from the merged histograms, the figure in the table (a stall in a few rounds lifts a tail percentile above most dots). ' +
      'Hollow dots: rounds where a trial was invalid.',
    spec: compose({
      title: TITLE,
      subtitle: 'One dot per round and percentile; line: the tax (merged histograms); dashed: budget',
      description: 'Per-round tax in microseconds against the round number, per percentile.',
      values: values(record),
      facet: facetOf({ profiles: profilesOf(record), rows: loadRows(loadLabelsOf(record)) }),
      inner: {
        ...PANEL,
        layer: [
          roundPoints(record, y, 'datum.balanced', true),
          roundPoints(record, y, '!datum.balanced', false),
          { transform: [{ filter: "datum.kind == 'median'" }], mark: { type: 'rule', strokeDash: [2, 2], strokeWidth: 1.5 }, encoding: { y, color } },
          zeroLayer,
          ...budgetLayers(record.budgetUs),
        ],
      },
    }),
  };
}

function roundPoints(record: ResultRecord, y: { field: string; type: 'quantitative'; title: string }, test: string, filled: boolean) {
  const rounds = Array.from({ length: Math.max(1, record.settings.rounds) }, (_, i) => i + 1);
  return {
    transform: [{ filter: `datum.kind == 'round' && ${test}` }],
    mark: { type: 'point' as const, size: 60, strokeWidth: 2, filled, opacity: 0.9 },
    encoding: {
      x: { field: 'roundNo', type: 'quantitative' as const, title: 'Round', axis: { values: rounds, format: 'd' }, scale: { domain: [0.5, rounds.length + 0.5], nice: false } },
      y,
      color: percentileColor(record),
      tooltip: [
        { field: 'roundNo', title: 'Round' },
        { field: 'pText', title: 'Percentile' },
        { field: 'taxUs', title: 'Tax (µs)', format: ',.0f' },
        { field: 'balancedText', title: 'Trials' },
      ],
    },
  };
}
