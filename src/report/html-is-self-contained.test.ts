import { describe, expect, it } from 'vitest';
import { reportCharts } from './charts/index.js';
import { renderHtml } from './html.js';
import { fixtureRecord } from '../testing/records.js';

describe('HTML report', () => {
  const record = fixtureRecord();
  const charts = reportCharts(record);
  const vegaScript = 'window.vega = {}; // stand-in </script> must not end the element';
  const html = renderHtml(record, charts, { vegaScript });
  const outsideScripts = html.replace(/<script[\s\S]*?<\/script>/g, '');

  it('loads nothing from elsewhere', () => {
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link\b/);
    expect(outsideScripts).not.toMatch(/(src|href)="https?:/);
  });

  it('inlines the runtime without letting it close its script element', () => {
    expect(html).toContain('stand-in <\\/script> must not');
  });

  it('puts the verdict before the table and a container per chart', () => {
    expect(html.indexOf('id="verdict"')).toBeLessThan(html.indexOf('id="summary"'));
    for (const chart of charts) expect(html).toContain(`id="chart-${chart.id}"`);
  });

  it('escapes record text', () => {
    const hostile = { ...record, scenario: { ...record.scenario, description: '<img src=x onerror=alert(1)>' } };
    expect(renderHtml(hostile, [], { vegaScript })).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
