import { describe, expect, it } from 'vitest';
import { percentileLabel } from './percentiles.js';

describe('percentileLabel', () => {
  it('writes whole and fractional percentiles without trailing zeros', () => {
    expect(percentileLabel(50)).toBe('50');
    expect(percentileLabel(99.9)).toBe('99.9');
    expect(percentileLabel(99.99)).toBe('99.99');
    expect(percentileLabel(100)).toBe('100');
    expect(percentileLabel(0)).toBe('0');
  });

  it('maps float noise to the same label', () => {
    expect(percentileLabel(99.90000000000001)).toBe('99.9');
    expect(percentileLabel(0.1 * 3 * 100)).toBe('30');
  });

  it('rejects values that are not percentiles', () => {
    expect(() => percentileLabel(-1)).toThrow(RangeError);
    expect(() => percentileLabel(100.5)).toThrow(RangeError);
    expect(() => percentileLabel(Number.NaN)).toThrow(RangeError);
    expect(() => percentileLabel(100.5)).toThrow('percentile must be within 0..100, got 100.5');
  });
});
