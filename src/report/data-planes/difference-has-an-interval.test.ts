import { describe, expect, it } from 'vitest';
import type { ResultRecord } from '../../record/schema.js';
import { fabricateRecord } from '../../testing/fabricate-record.js';
import { renderHtml } from '../html.js';
import { renderMarkdown } from '../markdown.js';
import { dataPlaneComparison } from './model.js';

/** A `dataPlane: both` run from known latencies: the sidecar pass adds `sidecarTaxUs`, the ambient pass `ambientTaxUs`. */
function bothPasses(sidecarTaxUs: number, ambientTaxUs: number): ResultRecord {
  const sidecar = fabricateRecord({ seed: 11, taxUs: sidecarTaxUs, profiles: ['dedicated'] });
  const ambient = fabricateRecord({ seed: 12, taxUs: ambientTaxUs, profiles: ['dedicated-ambient'] });
  return {
    ...sidecar,
    profiles: [...sidecar.profiles, ...ambient.profiles.map((p) => ({ ...p, dataPlane: 'ambient' as const }))],
    probes: [...sidecar.probes, ...ambient.probes],
    summary: [...sidecar.summary, ...ambient.summary],
    levels: [...sidecar.levels, ...ambient.levels],
    trials: [...sidecar.trials, ...ambient.trials.map((t) => ({ ...t, index: t.index + sidecar.trials.length }))],
  };
}

const p50 = (record: ResultRecord) => dataPlaneComparison(record, { resamples: 400 })!.rows.find((r) => r.percentile === 50)!;

describe('sidecars or ambient: the difference of the two taxes has its own interval', () => {
  it('a real difference (ambient 250 µs below the sidecars) has an interval around it that excludes 0', () => {
    const row = p50(bothPasses(600, 350));
    expect(row.differenceUs!).toBeCloseTo(row.ambient.taxUs! - row.sidecar.taxUs!, 6);
    const [lo, hi] = row.differenceCiUs;
    expect(lo!).toBeLessThan(-250);
    expect(hi!).toBeGreaterThan(-250);
    expect(hi!).toBeLessThan(0);
  });

  it('no difference: the interval holds 0', () => {
    const [lo, hi] = p50(bothPasses(400, 400)).differenceCiUs;
    expect(lo!).toBeLessThan(0);
    expect(hi!).toBeGreaterThan(0);
  });

  it('Markdown and HTML show both taxes, the difference with its interval, and what it means', () => {
    const record = bothPasses(600, 350);
    const row = p50(record);
    const md = renderMarkdown(record);
    expect(md).toContain('### Sidecars or ambient');
    expect(md).toMatch(/\| dedicated \| 500 rps \| p50 \| \+\d+ \| \[\+\d+, \+\d+\] \| \+\d+ \| \[\+\d+, \+\d+\] \| −\d+ \| \[−\d+, −\d+\] \| ambient lower \|/);
    expect(md).toContain('Welch t interval');
    const html = renderHtml(record, [], { vegaScript: '' });
    expect(html).toContain('<section id="data-planes" aria-label="Sidecars or ambient">');
    expect(html).toContain(`<td>−${Math.abs(Math.round(row.differenceUs!))}</td>`);
    expect(html).toContain('ambient lower');
  });

  it('a run without an ambient pass has no such section', () => {
    const record = fabricateRecord({ seed: 1 });
    expect(renderMarkdown(record)).not.toContain('Sidecars or ambient');
    expect(renderHtml(record, [], { vegaScript: '' })).not.toContain('id="data-planes"');
  });
});

describe('sidecars or ambient: a pass measured on a disturbed machine is named beside the table', () => {
  it('names the pass whose trials were invalid, and only that one', () => {
    const record = bothPasses(600, 350);
    const trials = record.trials.map((t) => (t.profile === 'dedicated-ambient' && !t.warmup && t.round < 5 && t.variant === 'mesh' && t.slot === 0 ? { ...t, valid: false, invalidReasons: ['schedule lag p99 9000 µs > 5000 µs'] } : t));
    const comparison = dataPlaneComparison({ ...record, trials }, { resamples: 200 })!;
    expect(comparison.warnings).toHaveLength(1);
    expect(comparison.warnings[0]).toMatch(/^The ambient pass \(dedicated-ambient, 500 rps\) was measured on a disturbed machine: 5 of 40 trials invalid/);
    expect(dataPlaneComparison(record, { resamples: 200 })!.warnings).toEqual([]);
  });
});
