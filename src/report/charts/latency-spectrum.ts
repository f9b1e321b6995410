/**
 * Latency against percentile, baseline and mesh, from the merged histograms of each load level —
 * the HdrHistogram plot: x is 1/(1−p) on a log axis, so p90, p99, p99.9 are equally spaced.
 */
import type { ResultRecord } from '../../record/schema.js';
import { loadLabelsOf, loadText, profilesOf, spectrumPoints } from '../model.js';
import { compose, facetOf, loadRows } from './facets.js';
import { PANEL, VARIANT_LEGEND_LABELS, VARIANT_SCALE } from './theme.js';
import type { Chart } from './types.js';

const TITLE = 'Latency by percentile, with and without the mesh';
const TICKS = [1, 2, 10, 100, 1000, 10_000, 100_000, 1_000_000];
/** 1 → p0, 2 → p50, 10 → p90, 100 → p99, 1000 → p99.9 … */
const TICK_LABEL = "'p' + format(100 - 100 / datum.value, '.6~f')";

export function latencySpectrumChart(record: ResultRecord): Chart {
  const values = spectrumPoints(record).map((p) => ({ ...p, loadLabel: loadText(p), pText: `p${Number(p.percentile.toFixed(4))}` }));
  const maxX = Math.max(1, ...values.map((v) => v.tailX));
  return {
    id: 'latency-spectrum',
    title: TITLE,
    caption:
      'Every request of the measured trials, merged per load level. Read across: the latency that this share of requests stays under. ' +
      'The gap between the lines is what the sidecars add; to the right is the tail (p99, p99.9).',
    spec: compose({
      title: TITLE,
      subtitle: 'Merged HDR histograms of all valid trials; percentile axis is logarithmic (each step right is ten times rarer)',
      description: 'Latency in microseconds against percentile for baseline and mesh.',
      values,
      facet: facetOf({ profiles: profilesOf(record), rows: loadRows(loadLabelsOf(record)) }),
      inner: {
        ...PANEL,
        encoding: {
          x: {
            field: 'tailX',
            type: 'quantitative',
            scale: { type: 'log', domain: [1, maxX] },
            axis: { values: TICKS.filter((t) => t <= maxX), labelExpr: TICK_LABEL, title: 'Percentile (log scale)' },
          },
          y: { field: 'latencyUs', type: 'quantitative', scale: { type: 'log' }, title: 'Latency (µs, log scale)' },
          color: { field: 'variant', type: 'nominal', scale: VARIANT_SCALE, legend: { title: null, labelExpr: VARIANT_LEGEND_LABELS } },
          tooltip: [
            { field: 'variant', title: 'Deployment' },
            { field: 'pText', title: 'Percentile' },
            { field: 'latencyUs', title: 'Latency (µs)', format: ',.0f' },
          ],
        },
        layer: [{ mark: { type: 'line', strokeWidth: 2 } }, { mark: { type: 'point', size: 18, filled: true } }],
      },
    }),
  };
}
