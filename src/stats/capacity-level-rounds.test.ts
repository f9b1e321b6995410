import { describe, expect, it } from 'vitest';
import { summarize } from './summarize.js';
import { plainScenario, randomSource, simulateTrials } from './testing/simulate.js';

// Issue 12 §2: capacity levels passed on 3 rounds (40/400 false passes at a true tax 5 µs over budget).
describe('a level measured on few rounds', () => {
  const level = (rounds: number, seed: number) => simulateTrials(plainScenario({ taxUs: 505 }), { rounds, requestsPerTrial: 400 }, randomSource(seed));

  it('gives no interval and no verdict on 3 rounds', () => {
    const [row] = summarize({ trials: level(3, 1), percentiles: [99], budgetUs: 500, resamples: 200 });
    expect(row!.ciUs).toEqual([-Infinity, Infinity]);
    expect(row!.verdict).toBe('INCONCLUSIVE');
  });

  it('on 5 rounds passes a tax 5 µs over budget at most about as often as the interval allows (2.5%)', () => {
    let passes = 0;
    const runs = 120;
    for (let seed = 0; seed < runs; seed++) if (summarize({ trials: level(5, 100 + seed), percentiles: [99], budgetUs: 500, resamples: 200, seed })[0]!.verdict === 'PASS') passes++;
    expect(passes / runs).toBeLessThanOrEqual(0.05);
  });
});
