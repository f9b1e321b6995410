import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fixtureRecord } from '../../testing/records.js';
import { toFortio } from './fortio.js';
import { parseHgrm, toHgrm } from './hgrm.js';
import { ISTIO_PERF_COLUMNS, toIstioPerfCsv } from './istio-perf-csv.js';
import { levelVariants, release } from './level-variants.js';
import { toOpenMetrics } from './openmetrics.js';

// Fortio's Go structs as its JSON carries them (periodic.RunnerResults, stats.HistogramData,
// fhttp.HTTPRunnerResults): the fields its report UI reads (ui/static/js/fortio_chart.js).
const FortioHistogramShape = z.object({
  Count: z.number().int(),
  Min: z.number(),
  Max: z.number(),
  Sum: z.number(),
  Avg: z.number(),
  StdDev: z.number(),
  Data: z.array(z.object({ Start: z.number(), End: z.number(), Percent: z.number(), Count: z.number().int() })),
  Percentiles: z.array(z.object({ Percentile: z.number(), Value: z.number() })),
});
const FortioShape = z.object({
  RunType: z.string(),
  Labels: z.string(),
  StartTime: z.iso.datetime(),
  RequestedQPS: z.string(),
  RequestedDuration: z.string(),
  ActualQPS: z.number(),
  ActualDuration: z.number().int(),
  NumThreads: z.number().int(),
  Version: z.string(),
  DurationHistogram: FortioHistogramShape,
  ErrorsDurationHistogram: FortioHistogramShape,
  RetCodes: z.record(z.string(), z.number().int()),
  URL: z.string(),
});

const PROMETHEUS_PYTHON = '/usr/bin/python3';
const hasParser = existsSync('/usr/lib/python3/dist-packages/prometheus_client/openmetrics/parser.py');

describe('exports', () => {
  const record = fixtureRecord();

  it("Fortio JSON has Fortio's shape, seconds as its unit, buckets that add up to the count", () => {
    const variants = levelVariants(record);
    try {
      expect(variants.map((v) => v.variant).sort()).toEqual(['baseline', 'mesh']);
      for (const v of variants) {
        const fortio = FortioShape.parse(toFortio(record, v));
        const h = fortio.DurationHistogram;
        expect(h.Count).toBe(v.histogram.totalCount);
        expect(h.Data.reduce((n, b) => n + b.Count, 0)).toBe(h.Count);
        expect(h.Data.at(-1)?.Percent).toBeCloseTo(100, 3);
        expect(h.Percentiles.find((p) => p.Percentile === 99)?.Value).toBeCloseTo(v.histogram.getValueAtPercentile(99) / 1e6, 9);
        expect(h.Max).toBeLessThan(60); // seconds, not µs
        expect(fortio.ActualDuration).toBeGreaterThan(1e8); // nanoseconds (trials last ≥ 0.1 s)
        expect(fortio.Labels).toContain(v.variant);
      }
    } finally {
      release(variants);
    }
  });

  it('.hgrm is the percentile distribution HdrHistogram tools read, consistent with the histogram', () => {
    const [v] = levelVariants(record);
    try {
      const text = toHgrm(v!.histogram);
      expect(text.split('\n')[0]).toMatch(/^\s*Value\s+Percentile\s+TotalCount\s+1\/\(1-Percentile\)/);
      expect(text).toMatch(/#\[Mean\s*=/);
      const rows = parseHgrm(text);
      expect(rows.at(-1)?.totalCount).toBe(v!.histogram.totalCount);
      const p99 = rows.find((r) => r.percentile >= 0.99)!;
      expect(p99.valueUs).toBeGreaterThanOrEqual(v!.histogram.getValueAtPercentile(99) * 0.999);
    } finally {
      release([v!]);
    }
  });

  it("CSV has Istio's perf-benchmark columns, µs latencies, proxy CPU and memory on mesh rows only", () => {
    const variants = levelVariants(record);
    try {
      const [header, ...rows] = toIstioPerfCsv(record, variants).trim().split('\n');
      expect(header!.split(',')).toEqual([...ISTIO_PERF_COLUMNS]);
      const byLabel = new Map(rows.map((r) => [r.split(',')[2]!, Object.fromEntries(r.split(',').map((c, i) => [ISTIO_PERF_COLUMNS[i]!, c]))]));
      const mesh = [...byLabel.entries()].find(([l]) => l.endsWith('_mesh'))![1];
      const baseline = [...byLabel.entries()].find(([l]) => l.endsWith('_baseline'))![1];
      expect(Number(mesh.p99)).toBe(Math.round(variants.find((v) => v.variant === 'mesh')!.histogram.getValueAtPercentile(99)));
      expect(Number(mesh.cpu_mili_avg_fortio_deployment_proxy)).toBeGreaterThan(0);
      expect(Number(mesh.mem_MB_max_fortioserver_deployment_proxy)).toBeGreaterThan(0);
      expect(baseline.cpu_mili_avg_fortio_deployment_proxy).toBe('-');
    } finally {
      release(variants);
    }
  });

  it.skipIf(!hasParser)('OpenMetrics text is accepted by the reference parser (prometheus_client), with the tax per percentile', async () => {
    const text = toOpenMetrics(record);
    const script = [
      'import sys, json',
      'from prometheus_client.openmetrics.parser import text_string_to_metric_families',
      'out = [[f.name, f.type, f.unit, [[s.name, s.labels, s.value] for s in f.samples]] for f in text_string_to_metric_families(sys.stdin.read())]',
      'print(json.dumps(out))',
    ].join('\n');
    const { stdout } = await execa(PROMETHEUS_PYTHON, ['-c', script], { input: text, timeout: 20_000 });
    const families = JSON.parse(stdout) as Array<[string, string, string, Array<[string, Record<string, string>, number]>]>;
    const tax = families.find(([name]) => name === 'meshtax_tax_microseconds')!;
    expect(tax[1]).toBe('gauge');
    expect(tax[2]).toBe('microseconds');
    const known = record.summary.filter((r) => r.taxUs !== null);
    expect(tax[3]).toHaveLength(known.length);
    expect(tax[3][0]![2]).toBeCloseTo(known[0]!.taxUs!, 3);
    expect(families.find(([name]) => name === 'meshtax_verdict')![3].filter(([, , v]) => v === 1)[0]![1].meshtax_verdict).toBe(record.verdict);
  });
});
