/** The tax per percentile for each node profile side by side (only when a run has several). */
import { confidenceText, pLabel } from '../format.js';
import { loadLabelsOf, profilesOf } from '../model.js';
import type { ResultRecord } from '../../record/schema.js';
import { budgetLayers, zeroLayer } from './budget.js';
import { compose, facetOf, loadRows } from './facets.js';
import { taxRows, taxTooltip } from './tax-vs-rate.js';
import { PANEL } from './theme.js';
import type { Chart } from './types.js';

const TITLE = 'Mesh tax by node profile';

export function profilesChart(record: ResultRecord): Chart | null {
  const profiles = profilesOf(record);
  if (profiles.length < 2) return null;
  const conf = confidenceText(record.settings.confidence);
  const x = { field: 'pText', type: 'nominal' as const, title: 'Percentile', sort: record.settings.percentiles.map(pLabel), axis: { labelAngle: 0 } };
  const xOffset = { field: 'profile', type: 'nominal' as const, sort: profiles };
  const color = { field: 'profile', type: 'nominal' as const, sort: profiles, legend: { title: 'Node profile' }, scale: { scheme: 'set2' } };
  const y = { field: 'taxUs', type: 'quantitative' as const, title: 'Tax: latency added by the mesh (µs)' };
  return {
    id: 'profiles',
    title: TITLE,
    caption: `The same scenario on each node profile: bars are the tax, whiskers its ${conf} confidence interval. A profile whose whisker crosses the budget line cannot be promised the budget.`,
    spec: compose({
      title: TITLE,
      subtitle: `Tax per percentile, one bar per profile, with ${conf} confidence interval; dashed: budget`,
      description: 'Tax in microseconds per percentile, grouped by node profile.',
      values: taxRows(record),
      facet: facetOf({ profiles: [], rows: loadRows(loadLabelsOf(record)) }),
      inner: {
        ...PANEL,
        layer: [
          { mark: { type: 'bar', opacity: 0.85 }, encoding: { x, xOffset, y, color, tooltip: [{ field: 'profile', title: 'Node profile' }, ...taxTooltip(record)] } },
          {
            transform: [{ filter: 'isValid(datum.ciLo) && isValid(datum.ciHi)' }],
            mark: { type: 'rule', color: '#222', strokeWidth: 1.5 },
            encoding: { x, xOffset, y: { field: 'ciLo', type: 'quantitative', title: y.title }, y2: { field: 'ciHi' } },
          },
          zeroLayer,
          ...budgetLayers(record.budgetUs),
        ],
      },
    }),
  };
}
