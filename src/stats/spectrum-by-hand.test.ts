import { describe, expect, it } from 'vitest';
import { newLatencyHistogram, recordUs } from './histogram.js';
import { countAtPercentile, percentilesOfCounts, spectrumFromCounts, spectrumOf, totalCount } from './spectrum.js';

// Spectra small enough to read by eye: what a percentile of counts is, and where failed requests go.
describe('the count a percentile needs', () => {
  it('is ⌈p/100 · total⌉, at least 1, with p above 100 read as 100', () => {
    expect(countAtPercentile(50, 10)).toBe(5);
    expect(countAtPercentile(51, 10)).toBe(6);
    expect(countAtPercentile(0, 10)).toBe(1);
    expect(countAtPercentile(100, 10)).toBe(10);
    expect(countAtPercentile(150, 10)).toBe(10);
    // 0.7 · 10 is 7.000000000000001 in floating point: still 7
    expect(countAtPercentile(70, 10)).toBe(7);
    expect(countAtPercentile(99.9, 1000)).toBe(999);
  });
});

describe('percentiles of counts', () => {
  const values = Float64Array.of(10, 20, 30, 40);
  const counts = Float64Array.of(1, 4, 4, 1);

  it('reads each percentile at the first value whose cumulative count reaches it, in the order asked', () => {
    expect(Array.from(percentilesOfCounts(values, counts, [99, 0, 50, 10, 11, 90, 91]))).toEqual([40, 10, 20, 10, 20, 30, 40]);
  });

  it('writes into the array given, and NaN everywhere when there are no counts', () => {
    const into = new Float64Array(2);
    expect(percentilesOfCounts(values, counts, [50, 100], into)).toBe(into);
    expect(Array.from(into)).toEqual([20, 40]);
    expect(Array.from(percentilesOfCounts(values, new Float64Array(4), [50, 99]))).toEqual([Number.NaN, Number.NaN]);
  });

  it('falls back on the highest value when fractional counts never reach the count a percentile needs', () => {
    // total 2.5: p100 needs ⌈2.5⌉ = 3, which the cumulative counts never reach
    expect(Array.from(percentilesOfCounts(Float64Array.of(10, 20), Float64Array.of(1, 1.5), [100, 50]))).toEqual([20, 20]);
    expect(Array.from(percentilesOfCounts(Float64Array.of(10, 20), Float64Array.of(1, 1.5), [40]))).toEqual([10]);
  });
});

describe('a spectrum from counts', () => {
  it('sorts values, adds duplicates and leaves out empty ones', () => {
    const s = spectrumFromCounts([[30, 2], [10, 1], [30, 3], [20, 0], [5, -1]]);
    expect(Array.from(s.valuesUs)).toEqual([10, 30]);
    expect(Array.from(s.counts)).toEqual([1, 5]);
    expect(totalCount(s)).toBe(6);
  });
});

describe('failed requests in a spectrum', () => {
  const histogram = () => {
    const h = newLatencyHistogram();
    for (let i = 0; i < 10; i++) recordUs(h, 100);
    recordUs(h, 300);
    return h;
  };

  it('sit at the client timeout, above every answer', () => {
    const s = spectrumOf(histogram(), { requests: 2, atUs: 5000 });
    expect(Array.from(s.valuesUs)).toEqual([100, 300, 5000]);
    expect(Array.from(s.counts)).toEqual([10, 1, 2]);
  });

  it('join the slowest answer when the timeout is below it, or at it', () => {
    expect(Array.from(spectrumOf(histogram(), { requests: 2, atUs: 50 }).counts)).toEqual([10, 3]);
    expect(Array.from(spectrumOf(histogram(), { requests: 2, atUs: 300 }).valuesUs)).toEqual([100, 300]);
  });

  it('stand alone in a histogram without answers', () => {
    const s = spectrumOf(newLatencyHistogram(), { requests: 4, atUs: 5000 });
    expect(Array.from(s.valuesUs)).toEqual([5000]);
    expect(Array.from(s.counts)).toEqual([4]);
    expect(totalCount(spectrumOf(histogram()))).toBe(11);
  });

  it('are none when none failed, even in an empty histogram', () => {
    const s = spectrumOf(newLatencyHistogram());
    expect(Array.from(s.valuesUs)).toEqual([]);
    expect(Array.from(s.counts)).toEqual([]);
  });

  it('need a histogram whose buckets can be read', () => {
    expect(() => spectrumOf({} as ReturnType<typeof newLatencyHistogram>)).toThrow(/not a JsHistogram/);
  });
});
