import { describe, expect, it } from 'vitest';
import { summarize } from './summarize.js';
import { syntheticRun } from '../testing/synthetic-run.js';
import type { TrialSample } from './types.js';

// 10 rounds, true tax 250 µs at p50 and 750 µs at p99 (p99 values are 3× the p50 ones).
const withP99 = (samples: TrialSample[]): TrialSample[] =>
  samples.map((s) => ({ ...s, percentilesUs: { ...s.percentilesUs, '99': 3 * s.percentilesUs['50']! } }));
const samples = withP99(syntheticRun({ rounds: 10, seed: 77, taxUs: 250 }));

/** Median over rounds of the mean of a variant's two slots, computed here without the code under test. */
function medianOfRoundMeans(variant: 'baseline' | 'mesh'): number {
  const means = Array.from({ length: 10 }, (_, round) => {
    const slots = samples.filter((s) => s.round === round && s.variant === variant);
    return (slots[0]!.percentilesUs['50']! + slots[1]!.percentilesUs['50']!) / 2;
  }).sort((a, b) => a - b);
  return (means[4]! + means[5]!) / 2;
}

describe('summarize', () => {
  it('gives one row per percentile, in order, with medians over rounds and a CI around the true tax', () => {
    const [p50, p99] = summarize({ samples, percentiles: [50, 99], budgetUs: 2000 });
    expect(p50).toMatchObject({ percentile: 50, rounds: 10, verdict: 'PASS', flags: [] });
    expect(p99).toMatchObject({ percentile: 99, rounds: 10, verdict: 'PASS', flags: [] });
    expect(p50!.baselineUs).toBeCloseTo(medianOfRoundMeans('baseline'), 9);
    expect(p50!.meshUs).toBeCloseTo(medianOfRoundMeans('mesh'), 9);
    expect(p50!.ciUs[0]).toBeLessThanOrEqual(p50!.taxUs);
    expect(p50!.ciUs[1]).toBeGreaterThanOrEqual(p50!.taxUs);
    expect(p50!.ciUs[0]).toBeLessThanOrEqual(250);
    expect(p50!.ciUs[1]).toBeGreaterThanOrEqual(250);
    expect(p99!.taxUs).toBeCloseTo(3 * p50!.taxUs, 6);
    expect(p50!.noiseFloorUs).toBeGreaterThan(0);
    expect(p50!.noiseFloorUs).toBeLessThan(250);
  });

  it('fails a percentile whose whole interval is above budget and passes one below it', () => {
    const [p50, p99] = summarize({ samples, percentiles: [50, 99], budgetUs: 500 });
    expect(p50!.verdict).toBe('PASS');
    expect(p99!.verdict).toBe('FAIL');
  });

  it('is inconclusive when the budget lies inside the interval', () => {
    const [row] = summarize({ samples, percentiles: [50], budgetUs: 250 });
    expect(row!.ciUs[0]).toBeLessThan(250);
    expect(row!.ciUs[1]).toBeGreaterThan(250);
    expect(row!.verdict).toBe('INCONCLUSIVE');
  });

  it('is reproducible from its seed', () => {
    const once = summarize({ samples, percentiles: [50], budgetUs: 2000, seed: 5 });
    expect(summarize({ samples, percentiles: [50], budgetUs: 2000, seed: 5 })).toEqual(once);
  });
});
