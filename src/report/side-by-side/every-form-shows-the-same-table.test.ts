import { describe, expect, it } from 'vitest';
import { renderSideBySideHtml } from './html.js';
import { renderSideBySideMarkdown } from './markdown.js';
import { sideBySide } from './model.js';
import { renderSideBySideTerminal } from './terminal.js';
import { scenarioRecord } from './testing/scenario-records.js';

const strict = scenarioRecord('mtls-strict', { seed: 31, taxUs: 260, probes: { dedicated: { sidecarMillicoresPer1000Rps: 305 } } });
const telemetry = scenarioRecord('telemetry-full', { seed: 32, taxUs: 260, invalid: [{ round: 0, variant: 'mesh', slot: 0 }] });
const table = sideBySide([{ file: 'a.json', record: strict }, { file: 'b<c>.json', record: { ...telemetry, state: 'partial', partialReason: 'Ctrl-C' } }], { resamples: 300 });

describe('the side-by-side table in the terminal, Markdown and HTML', () => {
  it('Markdown: one table, every row as many cells as the header, the reference and the differences in words', () => {
    const md = renderSideBySideMarkdown(table);
    const lines = md.split('\n').filter((l) => l.startsWith('|'));
    const cells = (l: string) => l.replace(/\\\|/g, '').split('|').length;
    expect(lines).toHaveLength(2 + 6);
    expect(new Set(lines.map(cells)).size).toBe(1);
    expect(lines[0]).toContain('vs mtls-strict: difference µs [95% CI]');
    expect(md).toContain('| **mtls-strict** | minimal; interception none; 1 worker; mTLS STRICT; no access log, no tracing; no RBAC | p50 |');
    expect(md).toContain('305 millicores');
    expect(md).toMatch(/\| p99 \| [^|]+ \| \w+ !? ?\| [+−]\d+ \[[^\]]+\] (higher|lower|cannot tell)/);
    expect(md).toContain('telemetry-full is a partial run (Ctrl-C)');
    expect(md).toContain('run-to-run variance is unknown');
  });

  it('HTML: self-contained, escaped, a verdict badge per row, the warnings beside the table', () => {
    const html = renderSideBySideHtml(table);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
    expect(html).toContain('b&lt;c&gt;.json');
    expect(html).not.toContain('b<c>.json');
    expect(html.match(/<tr class="group-start">/g)).toHaveLength(2);
    expect(html.match(/class="badge badge-(pass|fail|inconclusive)"/g)).toHaveLength(6);
    expect(html).toContain('<p class="warning">telemetry-full is a partial run (Ctrl-C)');
  });

  it('terminal: the set-up of each run above the table, the short set-up in it, the notes below', () => {
    const text = renderSideBySideTerminal(table);
    expect(text).toContain('telemetry-full: Istio layout; interception iptables (Istio REDIRECT); 2 workers; mTLS STRICT; access log TEXT (both sidecars), tracing 100% to Zipkin (both sidecars); no RBAC');
    expect(text).toMatch(/telemetry-full\s+Istio, iptables, 2 workers, access log, trace 100%\s+p50/);
    expect(text).toContain('! telemetry-full is a partial run');
    expect(text.split('\n').filter((l) => /^\S.*\s+p\d+\s/.test(l) || /^\s+p\d+\s/.test(l))).toHaveLength(6);
  });
});
