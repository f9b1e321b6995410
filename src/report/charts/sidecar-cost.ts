/** What the sidecars cost: CPU (millicores) and memory (MiB) per sidecar and load level. Drawn only when measured. */
import type { TopLevelSpec } from 'vega-lite';
import { loadText } from '../model.js';
import type { SidecarCost } from '../probes.js';
import { frame } from './theme.js';
import type { Chart } from './types.js';

const TITLE = 'What the sidecars cost';

export function sidecarCostChart(costs: readonly SidecarCost[] | undefined): Chart | null {
  if (costs === undefined || costs.length === 0) return null;
  const values = costs.map((c) => ({ ...c, level: `${c.profile} · ${loadText(c)}` }));
  const spec: TopLevelSpec = {
    ...frame(TITLE, 'Mean CPU and peak resident memory of each Envoy sidecar during the mesh trials'),
    description: 'Sidecar CPU in millicores and memory in MiB per load level.',
    data: { values },
    hconcat: [panel('meanMillicores', 'CPU (millicores; 1000 = one core)'), panel('maxRssMiB', 'Memory, peak RSS (MiB)')],
  };
  return {
    id: 'sidecar-cost',
    title: TITLE,
    caption: 'CPU is the mean over the mesh trials of each load level, memory the highest resident set seen. Multiply by the number of pods to size nodes.',
    spec,
  };
}

function panel(field: 'meanMillicores' | 'maxRssMiB', title: string) {
  return {
    width: 300,
    height: 220,
    title: { text: title, fontSize: 12 },
    transform: [{ filter: `isValid(datum.${field})` }],
    mark: { type: 'bar' as const },
    encoding: {
      x: { field: 'level', type: 'nominal' as const, title: 'Node profile · offered load', axis: { labelAngle: 0 } },
      xOffset: { field: 'sidecar', type: 'nominal' as const },
      y: { field, type: 'quantitative' as const, title },
      color: { field: 'sidecar', type: 'nominal' as const, legend: { title: 'Sidecar' } },
      tooltip: [
        { field: 'level', title: 'Level' },
        { field: 'sidecar', title: 'Sidecar' },
        { field, title, format: ',.1f' },
      ],
    },
  };
}
