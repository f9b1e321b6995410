import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.js';
import { fixtureRecord, passingRecord } from '../testing/records.js';

describe('Markdown report', () => {
  const record = fixtureRecord();
  const md = renderMarkdown(record, [{ title: 'Mesh tax against offered load', href: 'charts/tax-vs-rate.png' }]);

  it('starts with the verdict and its reason', () => {
    const first = md.split('\n')[0]!;
    expect(first).toContain(`meshtax: ${record.verdict}`);
    expect(md).toContain('cannot tell whether the sidecars stay within the 2.00 ms budget');
    expect(md).toMatch(/- On dedicated nodes at 500 rps, p99: the mesh adds/);
  });

  it('has the summary table, one row per summary row', () => {
    expect(md).toContain('| Node profile | Offered load | Percentile | Baseline µs | Mesh µs | Tax µs | 95% CI µs | Noise floor µs | Verdict |');
    const rows = md.split('\n').filter((l) => l.startsWith('| dedicated | 500 rps |'));
    expect(rows).toHaveLength(record.summary.length);
  });

  it('links chart images relative to the report folder', () => {
    expect(md).toContain('![Mesh tax against offered load](charts/tax-vs-rate.png)');
  });

  it('says PASS plainly for a passing run', () => {
    expect(renderMarkdown(passingRecord())).toContain('**PASS — the sidecars stay within the 2.00 ms latency budget');
  });
});
