import { describe, expect, it } from 'vitest';
import { decodeHistogram, encodeHistogram, newLatencyHistogram, percentileUs, recordUs } from './histogram.js';
import { spectrumOf } from './spectrum.js';

// A trial's histogram is stored in the record in HdrHistogram's compressed base64 form and read
// back for every statistic: what comes back must be the same counts, in a histogram spectrumOf reads.
describe('a latency histogram stored and read back', () => {
  const original = newLatencyHistogram();
  for (let i = 1; i <= 1000; i++) recordUs(original, 100 + i * 7.3);
  recordUs(original, 0.2); // below 1 µs: counts as 1 µs
  recordUs(original, 90_000_000); // past 60 s: counts as 60 s

  it('has the same count and percentiles', () => {
    const back = decodeHistogram(encodeHistogram(original));
    expect(back.totalCount).toBe(1002);
    for (const p of [0, 1, 50, 90, 99, 99.9, 100]) expect(percentileUs(back, p)).toBe(percentileUs(original, p));
    expect(percentileUs(back, 0)).toBe(1);
    expect(percentileUs(back, 100)).toBeGreaterThanOrEqual(60_000_000);
    expect(percentileUs(back, 100)).toBeLessThan(60_100_000);
  });

  it('gives the same spectrum', () => {
    const back = spectrumOf(decodeHistogram(encodeHistogram(original)));
    const mine = spectrumOf(original);
    expect(Array.from(back.valuesUs)).toEqual(Array.from(mine.valuesUs));
    expect(Array.from(back.counts)).toEqual(Array.from(mine.counts));
  });
});
