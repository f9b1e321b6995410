import { describe, expect, it } from 'vitest';
import { capacityBothRecord, capacityRecord } from '../../testing/capacity-records.js';
import { renderHtml } from '../html.js';
import { renderMarkdown } from '../markdown.js';
import { renderTerminal } from '../terminal.js';
import { dataPlaneCapacityTables } from './data-planes.js';

const record = capacityBothRecord();

describe('capacity, sidecars or ambient, in every form', () => {
  it('pairs the two searches of the node profile in one table: capacity, its range, proxy cost, nodes and money', () => {
    const [table, ...rest] = dataPlaneCapacityTables(record.capacity!);
    expect(rest).toEqual([]);
    const row = (label: string) => table!.rows.find((r) => r.label.startsWith(label));
    expect(table!.profile).toBe('dedicated');
    expect(row('Highest rate within budget')).toEqual({ label: 'Highest rate within budget', sidecar: '1500 rps', ambient: '3000 rps' });
    expect(row('Capacity lies')).toMatchObject({ sidecar: 'between 1500 rps and 2000 rps', ambient: 'between 3000 rps and 4000 rps' });
    expect(row('Proxy CPU per 1000 rps')).toMatchObject({ sidecar: '420 millicores', ambient: '150 millicores' });
    expect(row('Proxy memory')).toMatchObject({ sidecar: '39 MiB', ambient: '15 MiB' });
    expect(row('Nodes needed')).toMatchObject({ sidecar: '7 × c6i.large for 10000 rps', ambient: '4 × c6i.large for 10000 rps' });
    expect(row('Cost per million requests')).toMatchObject({ sidecar: '0.0157 USD', ambient: '0.00787 USD' });
    expect(table!.recommendation).toContain('ambient carries more');
  });

  it('terminal, Markdown and HTML each show the table and the answer', () => {
    const terminal = renderTerminal(record);
    expect(terminal).toMatch(/Node profile dedicated: sidecars or ambient\n.*sidecars \(Envoy\)\s+ambient \(ztunnel\)/);
    expect(terminal).toMatch(/Highest rate within budget\s+1500 rps\s+3000 rps/);
    expect(terminal).toContain('ztunnels 150 millicores per 1000 rps');
    const md = renderMarkdown(record);
    expect(md).toContain('#### Sidecars or ambient');
    expect(md).toContain('| Highest rate within budget | 1500 rps | 3000 rps |');
    expect(md).toContain('Proxy CPU per 1000 rps (sidecars or ztunnels)');
    const html = renderHtml(record, [], { vegaScript: '' });
    expect(html).toContain('<caption>dedicated: sidecars or ambient</caption>');
    expect(html).toContain('<tr><th scope="row">Highest rate within budget</th><td>1500 rps</td><td>3000 rps</td></tr>');
  });

  it('a capacity run with one data plane has no such table', () => {
    const plain = capacityRecord();
    expect(dataPlaneCapacityTables(plain.capacity!)).toEqual([]);
    expect(renderMarkdown(plain)).not.toContain('Sidecars or ambient');
    expect(renderMarkdown(plain)).toContain('Sidecar CPU per 1000 rps');
  });
});
