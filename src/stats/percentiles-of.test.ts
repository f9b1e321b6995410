import { describe, expect, it } from 'vitest';
import { newLatencyHistogram, recordUs } from './histogram.js';
import { percentilesOf } from './percentiles.js';

describe('percentilesOf', () => {
  it('reads each percentile from the histogram under its label, in µs', () => {
    const histogram = newLatencyHistogram();
    for (let us = 1; us <= 1000; us++) recordUs(histogram, us);
    // below 2048 µs, 3 significant digits record every whole µs exactly
    expect(percentilesOf(histogram, [50, 90, 99, 99.9])).toEqual({ '50': 500, '90': 900, '99': 990, '99.9': 999 });
  });

  it('gives an empty record for no percentiles', () => {
    expect(percentilesOf(newLatencyHistogram(), [])).toEqual({});
  });
});
