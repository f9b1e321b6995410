import { describe, expect, it } from 'vitest';
import type { Chart } from './charts/index.js';
import { reportCharts } from './charts/index.js';
import { renderSvg } from './images.js';
import { fixtureRecord, multiLevelRecord, sampleProbes } from '../testing/records.js';

/** Every chart title, subtitle and axis title in a spec (the strings a reader needs). */
function titlesIn(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => titlesIn(v, into));
  else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if ((key === 'title' || key === 'subtitle' || key === 'text') && typeof v === 'string') into.push(v);
      else if (key !== 'data' && key !== 'tooltip' && key !== 'legend') titlesIn(v, into);
    }
  }
  return into;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

async function expectTitlesDrawn(chart: Chart): Promise<void> {
  const svg = await renderSvg(chart.spec);
  expect(svg.startsWith('<svg'), chart.id).toBe(true);
  const titles = titlesIn(chart.spec);
  expect(titles.length, chart.id).toBeGreaterThan(2);
  for (const title of titles) expect(svg, `${chart.id}: "${title}"`).toContain(escapeXml(title));
}

describe('charts render to SVG in Node with their title, subtitle and axis titles', () => {
  it('for the captured quick run (tax, spectrum, rounds, probe time line, sidecar cost)', async () => {
    const charts = reportCharts(fixtureRecord());
    expect(charts.map((c) => c.id)).toEqual(['tax-vs-rate', 'latency-spectrum', 'round-tax', 'probe-timeline', 'sidecar-cost']);
    for (const chart of charts) await expectTitlesDrawn(chart);
  });

  it('for several profiles and rates (faceted, with the profile comparison)', async () => {
    const record = multiLevelRecord(['dedicated', 'shared-core'], [500, 1000]);
    const charts = reportCharts(record, sampleProbes(record));
    expect(charts.map((c) => c.id)).toContain('profiles');
    for (const chart of charts) await expectTitlesDrawn(chart);
  });
});
