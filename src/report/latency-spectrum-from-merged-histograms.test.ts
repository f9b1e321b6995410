import { describe, expect, it } from 'vitest';
import { levelsOf, measuredTrials, mergedHistogram, spectrumPoints } from './model.js';
import { fixtureRecord } from '../testing/records.js';

describe('latency spectrum', () => {
  const record = fixtureRecord();
  const points = spectrumPoints(record);

  it('has a baseline and a mesh series, rising with the percentile, no finer than the data', () => {
    for (const variant of ['baseline', 'mesh'] as const) {
      const series = points.filter((p) => p.variant === variant);
      const count = mergedHistogram(measuredTrials(record, levelsOf(record)[0]!, variant))!.totalCount;
      expect(series.length).toBeGreaterThan(10);
      expect(Math.max(...series.map((p) => p.tailX))).toBeLessThanOrEqual(count);
      for (let i = 1; i < series.length; i++) {
        expect(series[i]!.tailX).toBeGreaterThan(series[i - 1]!.tailX);
        expect(series[i]!.latencyUs).toBeGreaterThanOrEqual(series[i - 1]!.latencyUs);
      }
    }
  });

  it('places p90 at x = 10 with the merged histogram value', () => {
    const level = levelsOf(record)[0]!;
    const merged = mergedHistogram(measuredTrials(record, level, 'mesh'))!;
    const p90 = points.find((p) => p.variant === 'mesh' && Math.abs(p.tailX - 10) < 1e-9)!;
    expect(p90.percentile).toBeCloseTo(90, 9);
    expect(p90.latencyUs).toBe(merged.getValueAtPercentile(90));
  });
});
