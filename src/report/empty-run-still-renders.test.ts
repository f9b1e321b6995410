import { describe, expect, it } from 'vitest';
import { reportCharts } from './charts/index.js';
import { renderHtml } from './html.js';
import { renderSvg } from './images.js';
import { renderMarkdown } from './markdown.js';
import type { ResultRecord } from '../record/schema.js';
import { toSmp } from './smp.js';
import { fixtureRecord } from '../testing/records.js';

/** Interrupted before the first trial finished: nothing measured. */
function emptyPartialRun(): ResultRecord {
  return { ...fixtureRecord(), state: 'partial', partialReason: 'interrupted by SIGINT', verdict: 'INCONCLUSIVE', summary: [], levels: [], trials: [], probes: [], connectionSetupTax: [] };
}

describe('a run that measured nothing', () => {
  it('still renders every form, saying so', async () => {
    const record = emptyPartialRun();
    const charts = reportCharts(record);
    for (const chart of charts) expect(await renderSvg(chart.spec)).toContain('<svg');
    expect(renderMarkdown(record)).toContain('nothing was measured');
    expect(renderHtml(record, charts, { vegaScript: '' })).toContain('Partial run: interrupted by SIGINT');
    expect(toSmp(record).results).toEqual([]);
  });
});
