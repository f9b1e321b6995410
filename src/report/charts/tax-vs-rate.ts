/**
 * The tax (mesh − baseline percentile of the merged histograms) against offered load, one line per percentile, with its confidence
 * interval and the budget line; a column per node profile.
 */
import { confidenceText, pLabel, rpsText } from '../format.js';
import { connectionText, connectionTextsOf, loadText, profilesOf, ratesOf } from '../model.js';
import type { ResultRecord } from '../../record/schema.js';
import { budgetLayers, zeroLayer } from './budget.js';
import { compose, facetOf, type InnerSpec } from './facets.js';
import { PANEL } from './theme.js';
import type { Chart } from './types.js';

const TITLE = 'Mesh tax against offered load';

export interface TaxRow {
  readonly profile: string;
  readonly rateRps: number;
  readonly newConnectionEvery: number;
  /** `500 rps` (with the connection churn when there is some). */
  readonly loadLabel: string;
  readonly rateLabel: string;
  readonly connLabel: string;
  readonly pText: string;
  readonly percentile: number;
  readonly taxUs: number;
  readonly ciLo: number | null;
  readonly ciHi: number | null;
  readonly verdict: string;
  readonly counts: boolean;
}

/** Summary rows with a measured tax, in the shape the tax charts read. */
export function taxRows(record: ResultRecord): TaxRow[] {
  return record.summary.flatMap((r) =>
    r.taxUs === null
      ? []
      : [{
          profile: r.profile,
          rateRps: r.rateRps,
          newConnectionEvery: r.newConnectionEvery,
          loadLabel: loadText(r),
          rateLabel: rpsText(r.rateRps),
          connLabel: connectionText(r.newConnectionEvery),
          pText: pLabel(r.percentile),
          percentile: r.percentile,
          taxUs: r.taxUs,
          ciLo: r.ciUs[0],
          ciHi: r.ciUs[1],
          verdict: r.verdict,
          counts: record.settings.verdictPercentiles.includes(r.percentile),
        }],
  );
}

/** Distinct from each other and from the budget's red. */
const PERCENTILE_COLORS = ['#4c78a8', '#54a24b', '#f58518', '#9d4edd', '#8c564b', '#17becf', '#7f7f7f'];

export const percentileColor = (record: ResultRecord) => ({
  field: 'pText',
  type: 'nominal' as const,
  sort: record.settings.percentiles.map(pLabel),
  scale: { domain: record.settings.percentiles.map(pLabel), range: PERCENTILE_COLORS },
  legend: { title: 'Percentile' },
});

export const taxTooltip = (record: ResultRecord) => [
  { field: 'pText', title: 'Percentile' },
  { field: 'loadLabel', title: 'Load' },
  { field: 'taxUs', title: 'Tax (µs)', format: ',.0f' },
  { field: 'ciLo', title: `${confidenceText(record.settings.confidence)} CI low (µs)`, format: ',.0f' },
  { field: 'ciHi', title: `${confidenceText(record.settings.confidence)} CI high (µs)`, format: ',.0f' },
  { field: 'verdict', title: 'Verdict' },
];

export function taxVsRateChart(record: ResultRecord): Chart {
  const rates = ratesOf(record);
  const conf = confidenceText(record.settings.confidence);
  return {
    id: 'tax-vs-rate',
    title: TITLE,
    caption:
      `Dots: mesh − baseline percentile of the merged histograms; bars and bands: the ${conf} confidence interval. ` +
      'PASS needs the whole interval below the dashed budget line.',
    spec: compose({
      title: TITLE,
      subtitle: `Tax = mesh − baseline percentile of merged histograms, with ${conf} confidence interval; dashed: budget`,
      description: 'Tax in microseconds against offered requests per second, per percentile, with the budget line.',
      values: taxRows(record),
      facet: facetOf({ profiles: profilesOf(record), rows: { field: 'connLabel', title: 'Connections', values: connectionTextsOf(record) } }),
      inner: rates.length > 1 ? severalRates(record) : oneRate(record),
    }),
  };
}

const Y = { field: 'taxUs', type: 'quantitative' as const, title: 'Tax: latency added by the mesh (µs)' };
const HAS_CI = 'isValid(datum.ciLo) && isValid(datum.ciHi)';

function severalRates(record: ResultRecord): InnerSpec {
  const x = { field: 'rateRps', type: 'quantitative' as const, title: 'Offered load (requests per second)', scale: { zero: false } };
  const color = percentileColor(record);
  return {
    ...PANEL,
    layer: [
      { transform: [{ filter: HAS_CI }], mark: { type: 'area', opacity: 0.15 }, encoding: { x, y: { field: 'ciLo', type: 'quantitative', title: Y.title }, y2: { field: 'ciHi' }, color } },
      { mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y: Y, color } },
      { transform: [{ filter: HAS_CI }], mark: { type: 'rule' }, encoding: { x, y: { field: 'ciLo', type: 'quantitative', title: Y.title }, y2: { field: 'ciHi' }, color } },
      { mark: { type: 'point', filled: true, size: 50 }, encoding: { x, y: Y, color, tooltip: taxTooltip(record) } },
      zeroLayer,
      ...budgetLayers(record.budgetUs),
    ],
  };
}

function oneRate(record: ResultRecord): InnerSpec {
  const x = { field: 'rateLabel', type: 'nominal' as const, title: 'Offered load (requests per second)', axis: { labelAngle: 0 } };
  const xOffset = { field: 'pText', type: 'nominal' as const, sort: record.settings.percentiles.map(pLabel) };
  const color = percentileColor(record);
  return {
    ...PANEL,
    layer: [
      { transform: [{ filter: HAS_CI }], mark: { type: 'rule', strokeWidth: 2 }, encoding: { x, xOffset, y: { field: 'ciLo', type: 'quantitative', title: Y.title }, y2: { field: 'ciHi' }, color } },
      { mark: { type: 'point', filled: true, size: 70 }, encoding: { x, xOffset, y: Y, color, tooltip: taxTooltip(record) } },
      zeroLayer,
      ...budgetLayers(record.budgetUs),
    ],
  };
}
