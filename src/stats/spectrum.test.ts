import { describe, expect, it } from 'vitest';
import { newLatencyHistogram, recordUs } from './histogram.js';
import { mulberry32 } from './prng.js';
import { percentilesOfCounts, spectrumOf } from './spectrum.js';

describe('a latency spectrum', () => {
  it('gives the percentiles HdrHistogram gives for the same merged histograms', () => {
    const random = mulberry32(4);
    const parts = [0, 1, 2].map((k) => {
      const h = newLatencyHistogram();
      for (let i = 0; i < 700 + 300 * k; i++) recordUs(h, 100 + 5000 * random() ** (8 - 2 * k));
      return h;
    });
    const merged = newLatencyHistogram();
    for (const h of parts) merged.add(h);
    const ps = [0.1, 10, 50, 90, 99, 99.9, 100];
    const spectrum = spectrumOf(merged);
    const ours = percentilesOfCounts(spectrum.valuesUs, spectrum.counts, ps);
    expect(Array.from(ours)).toEqual(ps.map((p) => merged.getValueAtPercentile(p)));
  });

  it('puts failed requests above every latency', () => {
    const h = newLatencyHistogram();
    for (let i = 0; i < 980; i++) recordUs(h, 300);
    const spectrum = spectrumOf(h, { requests: 20, atUs: 5_000_000 });
    const [p97, p99] = percentilesOfCounts(spectrum.valuesUs, spectrum.counts, [97, 99]);
    expect(p97).toBeLessThan(400);
    expect(p99).toBe(5_000_000);
  });
});
