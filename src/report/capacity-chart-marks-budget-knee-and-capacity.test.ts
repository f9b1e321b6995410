import { describe, expect, it } from 'vitest';
import { capacityChart } from './charts/capacity.js';
import { collectingLogger, toVega } from './charts/compile.js';
import { reportCharts } from './charts/index.js';
import { renderSvg } from './images.js';
import { capacityRecord } from '../testing/capacity-records.js';
import { fixtureRecord } from '../testing/records.js';

describe('the capacity chart', () => {
  it('comes first in a capacity run’s report, and only there', () => {
    expect(reportCharts(capacityRecord())[0]?.id).toBe('capacity');
    expect(capacityChart(fixtureRecord())).toBeNull();
  });

  it('compiles without a warning and holds every level tried, the knee and the capacity per profile', () => {
    const chart = capacityChart(capacityRecord())!;
    const logger = collectingLogger();
    toVega(chart.spec, logger);
    expect(logger.messages).toEqual([]);
    const values = (chart.spec.data as { values: Array<{ profile: string; kind: string; rateRps: number }> }).values;
    const of = (profile: string, kind: string) => values.filter((v) => v.profile === profile && v.kind === kind).map((v) => v.rateRps);
    expect(of('dedicated', 'level')).toEqual([250, 500, 1000, 2000, 1500]);
    expect(of('dedicated', 'capacity')).toEqual([1500]);
    expect(of('dedicated', 'knee')).toEqual([1500]);
    expect(of('shared-core', 'capacity')).toEqual([250]);
  });

  it('renders with its title, the budget and the capacity label', async () => {
    const svg = await renderSvg(capacityChart(capacityRecord())!.spec);
    for (const text of ['Capacity: mesh tax against offered load', 'budget 2.00 ms', 'capacity 1500 rps', 'knee 1500 rps', 'Offered load (requests per second, log scale)']) expect(svg).toContain(text);
  });
});
