import { describe, expect, it } from 'vitest';
import { newLatencyHistogram, recordUs } from './histogram.js';
import { percentilesOfCounts, spectrumOf } from './spectrum.js';
import { summarize } from './summarize.js';
import { dropTrials, plainScenario, randomSource, simulateTrials } from './testing/simulate.js';
import type { TrialSpectrum } from './round-spectra.js';

const run = (rounds: number, seed: number, spec: Parameters<typeof plainScenario>[0] = {}) =>
  simulateTrials(plainScenario(spec), { rounds, requestsPerTrial: 1000 }, randomSource(seed));
const opts = { percentiles: [50, 99], budgetUs: 2000, resamples: 400 };

describe('summarize (merged histograms)', () => {
  const trials = run(10, 7);
  const [p50, p99] = summarize({ trials, ...opts });

  it('reads each side from the merged histograms of its trials, so the columns subtract to the tax', () => {
    // the same merge done independently, with HdrHistogram itself
    const merged = (variant: 'baseline' | 'mesh') => {
      const h = newLatencyHistogram();
      for (const t of trials.filter((x) => x.variant === variant)) t.latency!.valuesUs.forEach((v, i) => h.recordValueWithCount(v, t.latency!.counts[i]!));
      return h;
    };
    expect(p50!.baselineUs).toBe(merged('baseline').getValueAtPercentile(50));
    expect(p99!.meshUs).toBe(merged('mesh').getValueAtPercentile(99));
    for (const row of [p50!, p99!]) expect(row.taxUs).toBe(row.meshUs - row.baselineUs);
  });

  it('brackets the true tax and passes a budget far above it', () => {
    for (const row of [p50!, p99!]) {
      expect(row.ciUs[0]).toBeLessThan(260);
      expect(row.ciUs[1]).toBeGreaterThan(260);
      expect(row.verdict).toBe('PASS');
      expect(row.rounds).toBe(10);
      expect(row.flags).toEqual([]);
    }
  });

  it('fails a budget below the whole interval and is inconclusive inside it', () => {
    expect(summarize({ trials, ...opts, budgetUs: 150 }).map((r) => r.verdict)).toEqual(['FAIL', 'FAIL']);
    expect(summarize({ trials, ...opts, budgetUs: 260 }).map((r) => r.verdict)).toEqual(['INCONCLUSIVE', 'INCONCLUSIVE']);
  });

  it('is reproducible from its seed', () => {
    expect(summarize({ trials, ...opts, seed: 5 })).toEqual(summarize({ trials, ...opts, seed: 5 }));
  });

  it('lets a few slow rounds into the tail: the p99 tax moves with them', () => {
    const stalled: TrialSpectrum[] = trials.map((t) => {
      if (t.variant !== 'mesh' || t.round > 1) return t;
      const h = newLatencyHistogram();
      t.latency!.valuesUs.forEach((v, i) => h.recordValueWithCount(v, t.latency!.counts[i]!));
      for (let i = 0; i < 60; i++) recordUs(h, 20_000);
      return { ...t, latency: spectrumOf(h) };
    });
    const [, slow] = summarize({ trials: stalled, ...opts });
    expect(slow!.taxUs).toBeGreaterThan(15_000);
    expect(slow!.verdict).not.toBe('PASS');
  });
});

describe('summarize with too few rounds or samples', () => {
  it('gives no interval and no verdict below 5 rounds, however tight', () => {
    const [row] = summarize({ trials: run(4, 3, { trialSdUs: 2, roundSdUs: 2 }), ...opts, percentiles: [50] });
    expect(row!.ciUs).toEqual([-Infinity, Infinity]);
    expect(row!.verdict).toBe('INCONCLUSIVE');
    expect(row!.flags).toContain('too-few-rounds');
  });

  it('counts rounds with both sides valid, not rounds run', () => {
    const trials = dropTrials(run(5, 3, { trialSdUs: 2 }), [
      { round: 0, variant: 'mesh', slot: 0 },
      { round: 0, variant: 'mesh', slot: 1 },
    ]);
    const [row] = summarize({ trials, ...opts, percentiles: [50] });
    expect(row!.rounds).toBe(4);
    expect(row!.verdict).toBe('INCONCLUSIVE');
    expect(row!.flags).toEqual(expect.arrayContaining(['too-few-rounds', 'dropped-rounds:1', 'invalid-trials:2']));
  });

  it('gives no verdict at a percentile the requests cannot resolve', () => {
    const few = simulateTrials(plainScenario({ trialSdUs: 2 }), { rounds: 6, requestsPerTrial: 100 }, randomSource(1));
    const [p50, p999] = summarize({ trials: few, ...opts, percentiles: [50, 99.9] });
    expect(p50!.verdict).toBe('PASS');
    expect(p999!.verdict).toBe('INCONCLUSIVE');
    expect(p999!.flags).toContain('too-few-samples:1200<10000');
  });

  it('has no figures, only flags, when no round is valid', () => {
    const [row] = summarize({ trials: [], ...opts, percentiles: [50] });
    expect(row).toMatchObject({ rounds: 0, verdict: 'INCONCLUSIVE', noiseFloorUs: Infinity });
    expect(row!.taxUs).toBeNaN();
  });
});

describe('the noise floor', () => {
  it('is the far end of the A/A interval (baseline slot 0 against slot 1), blind to the mesh', () => {
    const floor = (taxUs: number) => summarize({ trials: run(10, 8, { taxUs }), ...opts, percentiles: [50] })[0]!.noiseFloorUs;
    expect(floor(5000)).toBe(floor(0));
    expect(floor(0)).toBeGreaterThan(5);
    expect(floor(0)).toBeLessThan(100);
  });

  it('only says "cannot be told from zero" when the interval holds zero', () => {
    const [zero] = summarize({ trials: run(10, 17, { taxUs: 0 }), ...opts, percentiles: [50] });
    expect(zero!.ciUs[0]).toBeLessThanOrEqual(0);
    expect(zero!.flags).toContain('tax-below-noise-floor');
    const [clear] = summarize({ trials: run(10, 17, { taxUs: 250 }), ...opts, percentiles: [50] });
    expect(clear!.flags).not.toContain('tax-below-noise-floor');
  });

  it('is unknown when too few rounds have both baseline slots', () => {
    const trials = dropTrials(run(6, 17), [0, 1].map((round) => ({ round, variant: 'baseline' as const, slot: 1 as const })));
    const [row] = summarize({ trials, ...opts, percentiles: [50] });
    expect(row!.noiseFloorUs).toBe(Infinity);
    expect(row!.flags).toContain('noise-floor-unknown');
  });
});

it('percentilesOfCounts agrees with a sort', () => {
  const values = Float64Array.from([5, 1, 3, 3, 9]).sort();
  expect(Array.from(percentilesOfCounts(Float64Array.from([1, 3, 5, 9]), Float64Array.from([1, 2, 1, 1]), [20, 40, 60, 100]))).toEqual([values[0], values[1], values[2], values[4]]);
});
