import { describe, expect, it } from 'vitest';
import { DEFAULT_INTERVAL_METHOD } from './round-intervals.js';
import { DEFAULT_SEED, FLAGS, minSamplesFor, summarize } from './summarize.js';
import { dropTrials, plainScenario, randomSource, simulateTrials } from './testing/simulate.js';

// The options summarize falls back on, the rounds it needs, and each flag it raises.
const run = (rounds: number, seed: number) => simulateTrials(plainScenario({}), { rounds, requestsPerTrial: 300 }, randomSource(seed));
const trials = run(8, 21);
const opts = { trials, percentiles: [50], budgetUs: 2000, resamples: 200 };

describe('the samples a percentile needs', () => {
  it('are about 10 beyond it: 10 / (1 − p)', () => {
    expect(minSamplesFor(50)).toBe(20);
    expect(minSamplesFor(90)).toBe(100);
    expect(minSamplesFor(99)).toBe(1000);
    expect(minSamplesFor(99.9)).toBe(10_000);
    expect(minSamplesFor(0)).toBe(10);
  });
});

describe('summarize’s defaults', () => {
  const [row] = summarize(opts);

  it('are 95% confidence, the run’s seed and the chosen interval method', () => {
    expect(summarize({ ...opts, confidence: 0.95, seed: DEFAULT_SEED, method: DEFAULT_INTERVAL_METHOD })[0]).toEqual(row);
    expect(summarize({ ...opts, confidence: 0.9 })[0]!.ciUs).not.toEqual(row!.ciUs);
    expect(summarize({ ...opts, method: 'percentile' })[0]!.ciUs).not.toEqual(row!.ciUs);
    expect(summarize({ ...opts, seed: 1 })[0]!.ciUs).not.toEqual(row!.ciUs);
  });

  it('resample 2000 times', () => {
    const { resamples: _, ...unset } = opts;
    expect(summarize(unset)[0]).toEqual(summarize({ ...unset, resamples: 2000 })[0]);
  });
});

describe('the rounds summarize needs', () => {
  it('are minRounds when above 5, and never fewer than 5', () => {
    expect(summarize({ ...opts, minRounds: 9 })[0]).toMatchObject({ verdict: 'INCONCLUSIVE', ciUs: [-Infinity, Infinity], flags: expect.arrayContaining([FLAGS.tooFewRounds]) });
    expect(summarize({ ...opts, minRounds: 8 })[0]!.verdict).toBe('PASS');
    const four = summarize({ ...opts, trials: run(4, 22), minRounds: 2 })[0]!;
    expect(four.flags).toContain('too-few-rounds');
    expect(four.rounds).toBe(4);
    expect(Number.isFinite(four.taxUs)).toBe(true);
  });
});

describe('summarize’s flags', () => {
  it('count unbalanced rounds (one slot of a side left) apart from dropped rounds', () => {
    const t = dropTrials(trials, [
      { round: 0, variant: 'mesh', slot: 1 },
      { round: 3, variant: 'baseline', slot: 0 },
    ]);
    const [row] = summarize({ ...opts, trials: t });
    expect(row!.flags).toEqual(['invalid-trials:2', 'unbalanced-rounds:2']);
    expect(row!.rounds).toBe(8);
  });

  it('say when more than 20% of trials were dropped, and when the drops lean to one side', () => {
    const meshDrops = [0, 1, 2, 3, 4, 5, 6].map((round) => ({ round, variant: 'mesh' as const, slot: 1 as const }));
    const [row] = summarize({ ...opts, trials: dropTrials(trials, meshDrops) });
    expect(row!.flags).toEqual(['invalid-trials:7', 'too-many-dropped:7/32', 'dropped-one-sided:mesh:7/0', 'unbalanced-rounds:7']);
    expect(row!.verdict).toBe('INCONCLUSIVE');
    const six = summarize({ ...opts, trials: dropTrials(trials, meshDrops.slice(0, 6)) })[0]!;
    expect(six.flags).not.toContain('too-many-dropped:6/32');
    expect(six.flags).toContain('dropped-one-sided:mesh:6/0');
  });

  it('say a tax that cannot be told from zero only when |tax| is under the noise floor and the interval holds 0', () => {
    const zero = simulateTrials(plainScenario({ taxUs: 0 }), { rounds: 8, requestsPerTrial: 300 }, randomSource(23));
    const [row] = summarize({ ...opts, trials: zero });
    expect(row!.ciUs[0]).toBeLessThanOrEqual(0);
    expect(row!.ciUs[1]).toBeGreaterThanOrEqual(0);
    expect(Math.abs(row!.taxUs)).toBeLessThan(row!.noiseFloorUs);
    expect(row!.flags).toEqual([FLAGS.taxBelowNoiseFloor]);
    const [taxed] = summarize(opts);
    expect(taxed!.flags).toEqual([]);
  });
});
