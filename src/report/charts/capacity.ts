/**
 * The capacity search on a chart: the tax at the search percentile against offered load (log
 * scale), its confidence band, every level tried coloured by its result, the budget line, the knee
 * of the latency curve and the capacity found; a column per node profile (or machine · profile).
 */
import { confidenceText, pLabel } from '../format.js';
import type { CapacityPoint } from '../capacity/model.js';
import { allCapacityPoints } from '../capacity/model.js';
import { OUTCOME_TEXT } from '../capacity/words.js';
import type { ResultRecord } from '../../record/schema.js';
import { budgetLayers, zeroLayer } from './budget.js';
import { compose, facetOf, type InnerSpec } from './facets.js';
import { COLUMN_PANEL_WIDTH, PANEL } from './theme.js';
import type { Chart } from './types.js';

const TITLE = 'Capacity: mesh tax against offered load';
const RESULT_COLORS = { domain: Object.values(OUTCOME_TEXT), range: ['#2e7d32', '#c62828', '#ef6c00', '#6a1b9a', '#757575'] };
const KNEE_COLOR = '#555';
/** Rates are spread geometrically: a log axis, tight to the rates tried with a little room. */
const X_SCALE = { type: 'log' as const, nice: false, padding: 18 };
const CAPACITY_COLOR = '#2e7d32';

export interface CapacityChartInput {
  readonly id: string;
  readonly points: readonly CapacityPoint[];
  readonly columns: readonly string[];
  readonly columnTitle: string;
  readonly percentile: number;
  readonly confidence: number;
  readonly budgetUs: number;
}

export function capacityChart(record: ResultRecord): Chart | null {
  const capacity = record.capacity;
  if (!capacity || capacity.profiles.every((p) => p.levels.length === 0)) return null;
  return capacityChartOf({
    id: 'capacity',
    points: allCapacityPoints(capacity),
    columns: capacity.profiles.map((p) => p.profile),
    columnTitle: 'Node profile',
    percentile: capacity.search.percentile,
    confidence: record.settings.confidence,
    budgetUs: capacity.budgetUs,
  });
}

export function capacityChartOf(input: CapacityChartInput): Chart {
  const p = pLabel(input.percentile);
  const conf = confidenceText(input.confidence);
  const spec = compose({
    title: TITLE,
    subtitle: `${p} tax = mesh − baseline (merged histograms), ${conf} CI band; x on a log scale, y on a symmetric log scale`,
    description: `${p} tax in microseconds against offered requests per second, with the budget, the knee and the capacity found.`,
    values: input.points,
    facet: input.columns.length > 1 ? { field: 'profile', type: 'nominal', title: input.columnTitle, sort: [...input.columns] } : facetOf({ profiles: input.columns }),
    inner: input.columns.length > 1 ? { ...inner(input, p), width: COLUMN_PANEL_WIDTH } : inner(input, p),
  });
  return {
    id: input.id,
    title: TITLE,
    caption:
      `Each dot is a load level the search tried: the median ${p} tax over its rounds, the band its ${conf} confidence interval, the colour whether it passed. ` +
      'The green line is the capacity (the highest rate that passed), the grey dashed line the knee of the latency curve; above the dashed red budget line the tax is too high.',
    // Two panels per row: several machines stay readable on a page.
    spec: input.columns.length > 1 ? { ...spec, columns: 2 } : spec,
  };
}

const LEVELS = "datum.kind == 'level' && isValid(datum.taxUs)";
const WITH_CI = `${LEVELS} && isValid(datum.ciLo) && isValid(datum.ciHi)`;

function inner(input: CapacityChartInput, p: string): InnerSpec {
  const x = { field: 'rateRps', type: 'quantitative' as const, title: 'Offered load (requests per second, log scale)', scale: X_SCALE };
  const yTitle = `${p} tax: latency added by the mesh (µs)`;
  const yScale = { type: 'symlog' as const, constant: 100 };
  const y = { field: 'taxUs', type: 'quantitative' as const, title: yTitle, scale: yScale };
  const ciLo = { field: 'ciLo', type: 'quantitative' as const, title: yTitle, scale: yScale };
  return {
    ...PANEL,
    layer: [
      { transform: [{ filter: WITH_CI }], mark: { type: 'area', opacity: 0.18, color: '#4c78a8' }, encoding: { x, y: ciLo, y2: { field: 'ciHi' } } },
      { transform: [{ filter: LEVELS }], mark: { type: 'line', color: '#4c78a8', strokeWidth: 1.5 }, encoding: { x, y } },
      { transform: [{ filter: WITH_CI }], mark: { type: 'rule', color: '#4c78a8' }, encoding: { x, y: ciLo, y2: { field: 'ciHi' } } },
      { transform: [{ filter: LEVELS }], mark: { type: 'point', filled: true, size: 80, opacity: 1 }, encoding: { x, y, color: { field: 'result', type: 'nominal', scale: RESULT_COLORS, legend: { title: 'Level' } }, tooltip: TOOLTIP } },
      ...marker('knee', KNEE_COLOR, [5, 4], 14),
      ...marker('capacity', CAPACITY_COLOR, [], 0),
      zeroLayer,
      ...budgetLayers(input.budgetUs),
    ],
  };
}

const TOOLTIP = [
  { field: 'rateRps', title: 'Offered (rps)', format: ',.0f' },
  { field: 'phase', title: 'Step' },
  { field: 'taxUs', title: 'Tax (µs)', format: ',.0f' },
  { field: 'ciLo', title: 'CI low (µs)', format: ',.0f' },
  { field: 'ciHi', title: 'CI high (µs)', format: ',.0f' },
  { field: 'meshUs', title: 'Mesh latency (µs)', format: ',.0f' },
  { field: 'result', title: 'Result' },
  { field: 'label', title: 'Why' },
];

/** A vertical line at a marker's rate with its label at the foot of the panel (taxes near zero are rare). */
function marker(kind: 'knee' | 'capacity', color: string, strokeDash: number[], labelY: number) {
  const x = { field: 'rateRps', type: 'quantitative' as const, scale: X_SCALE };
  const only = [{ filter: `datum.kind == '${kind}'` }];
  return [
    { transform: only, mark: { type: 'rule' as const, color, strokeWidth: 2, strokeDash }, encoding: { x } },
    { transform: only, mark: { type: 'text' as const, color, align: 'left' as const, baseline: 'bottom' as const, dx: 4, fontSize: 12 }, encoding: { x, y: { value: PANEL.height - 4 - labelY }, text: { field: 'label' } } },
  ];
}
