import { describe, expect, it } from 'vitest';
import { summarize } from './summarize.js';
import { dropTrials, plainScenario, randomSource, simulateTrials } from './testing/simulate.js';

// The boundaries of the flags about dropped trials and thin data, at counts worked by hand.
const run = (rounds: number, requestsPerTrial: number, seed: number) => simulateTrials(plainScenario({}), { rounds, requestsPerTrial }, randomSource(seed));
const opts = { percentiles: [50], budgetUs: 2000, resamples: 200 };
const slot1 = (variant: 'baseline' | 'mesh', rounds: number[]) => rounds.map((round) => ({ round, variant, slot: 1 as const }));

describe('too many dropped trials', () => {
  const trials = run(10, 300, 31); // 40 trials

  it('is more than 20%: 8 of 40 dropped, evenly, still passes without the flag', () => {
    const [row] = summarize({ ...opts, trials: dropTrials(trials, [...slot1('mesh', [0, 1, 2, 3]), ...slot1('baseline', [4, 5, 6, 7])]) });
    expect(row!.flags).toEqual(['invalid-trials:8', 'unbalanced-rounds:8']);
    expect(row!.verdict).toBe('PASS');
  });

  it('flags 9 of 40 and withholds the PASS', () => {
    const [row] = summarize({ ...opts, trials: dropTrials(trials, [...slot1('mesh', [0, 1, 2, 3, 8]), ...slot1('baseline', [4, 5, 6, 7])]) });
    expect(row!.flags).toEqual(['invalid-trials:9', 'too-many-dropped:9/40', 'unbalanced-rounds:9']);
    expect(row!.verdict).toBe('INCONCLUSIVE');
  });
});

describe('a round without a side', () => {
  it('is a dropped round, not an unbalanced one, whichever side it lacks', () => {
    const both = (round: number, variant: 'baseline' | 'mesh') => [0, 1].map((slot) => ({ round, variant, slot: slot as 0 | 1 }));
    const [row] = summarize({ ...opts, trials: dropTrials(run(8, 300, 32), both(2, 'mesh')) });
    expect(row!.rounds).toBe(7);
    expect(row!.flags).toEqual(['invalid-trials:2', 'dropped-rounds:1']);
    const [twice] = summarize({ ...opts, trials: dropTrials(run(8, 300, 32), [...both(2, 'mesh'), ...both(5, 'baseline')]) });
    expect(twice!.rounds).toBe(6);
    expect(twice!.flags).toEqual(['invalid-trials:4', 'dropped-rounds:2']);
  });

  it('leaves, when no round has both sides, only the flags about rounds and the noise floor', () => {
    expect(summarize({ ...opts, trials: [] })[0]!.flags).toEqual(['too-few-rounds', 'noise-floor-unknown']);
  });
});

describe('too few samples for a percentile', () => {
  // 5 rounds × 2 trials × 100 requests: 1000 per side, exactly what p99 needs (10 / (1 − 0.99))
  const trials = run(5, 100, 33);

  it('is judged on the thinner side: one baseline trial fewer leaves 900 < 1000', () => {
    expect(summarize({ ...opts, trials, percentiles: [99] })[0]!.flags).not.toContain('too-few-samples:1000<1000');
    const [row] = summarize({ ...opts, trials: dropTrials(trials, slot1('baseline', [3])), percentiles: [99] });
    expect(row!.flags).toContain('too-few-samples:900<1000');
    expect(row!.verdict).toBe('INCONCLUSIVE');
    expect(summarize({ ...opts, trials: dropTrials(trials, slot1('mesh', [3])), percentiles: [99] })[0]!.flags).toContain('too-few-samples:900<1000');
  });
});
