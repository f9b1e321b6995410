import type { LatencyHistogram } from './histogram.js';

/**
 * A latency distribution as counts at sorted values (µs): an HdrHistogram's non-empty buckets,
 * each at its highest equivalent value — the value `getValueAtPercentile` reports — so a percentile
 * read here equals the one HdrHistogram gives for the same (merged) counts.
 */
export interface LatencySpectrum {
  readonly valuesUs: Float64Array;
  readonly counts: Float64Array;
}

/** The internals of hdr-histogram-js's JsHistogram this reads (the public interface has no iterator). */
interface HistogramBuckets {
  readonly countsArrayLength: number;
  getCountAtIndex(index: number): number;
  valueFromIndex(index: number): number;
  highestEquivalentValue(value: number): number;
}

/**
 * The histogram's buckets, plus `failedRequests` counted at `failedAtUs` (a request that failed
 * is worse than any answer: it sits above every latency, at the client's timeout).
 */
export function spectrumOf(histogram: LatencyHistogram, failed: { readonly requests: number; readonly atUs: number } = { requests: 0, atUs: 0 }): LatencySpectrum {
  const buckets = histogram as unknown as HistogramBuckets;
  if (typeof buckets.getCountAtIndex !== 'function') throw new Error('spectrumOf: histogram is not a JsHistogram (WebAssembly histograms are not supported)');
  const values: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < buckets.countsArrayLength; i++) {
    const count = buckets.getCountAtIndex(i);
    if (count > 0) {
      values.push(buckets.highestEquivalentValue(buckets.valueFromIndex(i)));
      counts.push(count);
    }
  }
  if (failed.requests > 0) {
    const at = Math.max(failed.atUs, values[values.length - 1] ?? 0);
    if (values[values.length - 1] === at) counts[counts.length - 1]! += failed.requests;
    else {
      values.push(at);
      counts.push(failed.requests);
    }
  }
  return { valuesUs: Float64Array.from(values), counts: Float64Array.from(counts) };
}

/** Spectrum from plain (value, count) pairs, sorted and merged; for simulations and tests. */
export function spectrumFromCounts(pairs: readonly (readonly [valueUs: number, count: number])[]): LatencySpectrum {
  const byValue = new Map<number, number>();
  for (const [v, c] of pairs) if (c > 0) byValue.set(v, (byValue.get(v) ?? 0) + c);
  const values = [...byValue.keys()].sort((a, b) => a - b);
  return { valuesUs: Float64Array.from(values), counts: Float64Array.from(values.map((v) => byValue.get(v)!)) };
}

export const totalCount = (s: LatencySpectrum): number => s.counts.reduce((a, b) => a + b, 0);

/**
 * The count a percentile must reach, as HdrHistogram computes it: ⌈p/100 · total⌉ (guarding
 * against a float a hair above an integer), at least 1.
 */
export function countAtPercentile(percentile: number, total: number): number {
  const exact = (Math.min(percentile, 100) / 100) * total;
  return Math.max(1, Math.ceil(exact - exact * 1e-12));
}

/**
 * Values at percentiles (ascending order not required) of counts over a sorted value grid;
 * NaN when the counts are empty. One pass for all percentiles.
 */
export function percentilesOfCounts(valuesUs: Float64Array, counts: Float64Array, percentiles: readonly number[], into?: Float64Array): Float64Array {
  const out = into ?? new Float64Array(percentiles.length);
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i]!;
  if (total <= 0) return out.fill(Number.NaN);
  const order = percentiles.map((p, k) => ({ k, need: countAtPercentile(p, total) })).sort((a, b) => a.need - b.need);
  let next = 0;
  let cumulative = 0;
  for (let i = 0; i < counts.length && next < order.length; i++) {
    cumulative += counts[i]!;
    while (next < order.length && cumulative >= order[next]!.need) out[order[next++]!.k] = valuesUs[i]!;
  }
  while (next < order.length) out[order[next++]!.k] = valuesUs[valuesUs.length - 1]!;
  return out;
}
