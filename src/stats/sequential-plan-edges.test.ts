import { describe, expect, it } from 'vitest';
import { DEFAULT_LOOKS, lookConfidence, shouldStop, stoppingRule } from './sequential.js';
import { DEFAULT_SEED } from './summarize.js';
import { plainScenario, randomSource, simulateTrials } from './testing/simulate.js';

// The edges of the sequential plan: past its last look, a FAIL that decides, the seed it passes on,
// the rule in words, and the plans it refuses.
const plan = { looks: [6, 10, 14], confidence: 0.95 };
const all = simulateTrials(plainScenario({ taxUs: 260 }), { rounds: 10, requestsPerTrial: 400 }, randomSource(11));
const look = (roundsDone: number, budgetUs: number, seed?: number) =>
  shouldStop({ trials: all.filter((t) => t.round < roundsDone), roundsDone, verdictPercentiles: [50, 99], budgetUs, plan, resamples: 200, ...(seed === undefined ? {} : { seed }) });

describe('the sequential plan', () => {
  it('stops a run that went past its last look, without judging it again', () => {
    expect(look(15, 2000)).toMatchObject({ stop: true, reason: 'last-look', rows: [] });
    expect(look(9, 2000)).toMatchObject({ stop: false, reason: 'not-a-look', rows: [] });
  });

  it('stops at a look where one percentile FAILs', () => {
    const d = look(6, 100);
    expect(d).toMatchObject({ stop: true, reason: 'decided' });
    expect(d.rows.some((r) => r.verdict === 'FAIL')).toBe(true);
    expect(d.lookConfidence).toBeCloseTo(1 - 0.05 / 3, 12);
  });

  it('resamples with the seed it is given, the run’s default seed otherwise', () => {
    const byDefault = look(6, 2000).rows;
    expect(look(6, 2000, DEFAULT_SEED).rows).toEqual(byDefault);
    expect(look(6, 2000, 12345).rows[1]!.ciUs).not.toEqual(byDefault[1]!.ciUs);
  });

  it('looks by default at 8, 14, 20, 28 and 40 rounds, each at 99% for a 95% run', () => {
    expect(DEFAULT_LOOKS).toEqual([8, 14, 20, 28, 40]);
    expect(lookConfidence({ looks: DEFAULT_LOOKS, confidence: 0.95 })).toBeCloseTo(0.99, 12);
  });

  it('states its rule in full', () => {
    expect(stoppingRule(plan)).toBe(
      'looks at 6, 10, 14 rounds; at each, intervals at 98.33% (Bonferroni over 3 looks, so the run keeps its 95% level); stops when every verdict percentile PASSes or one FAILs, else at 14 rounds',
    );
  });

  it('refuses looks that are not ascending positive whole round counts, and a confidence outside (0, 1)', () => {
    const stop = (p: { looks: number[]; confidence: number }) => () => shouldStop({ trials: [], roundsDone: 5, verdictPercentiles: [50], budgetUs: 1, plan: p });
    expect(stop({ looks: [], confidence: 0.95 })).toThrow('looks must be ascending positive round counts, got ');
    expect(stop({ looks: [0, 5], confidence: 0.95 })).toThrow('got 0, 5');
    expect(stop({ looks: [2.5, 5], confidence: 0.95 })).toThrow(RangeError);
    expect(stop({ looks: [6, 5], confidence: 0.95 })).toThrow(RangeError);
    expect(stop({ looks: [1, 5], confidence: 0.95 })).not.toThrow();
    expect(stop({ looks: [5], confidence: 1 })).toThrow('confidence must be within (0, 1), got 1');
    expect(stop({ looks: [5], confidence: 0 })).toThrow(RangeError);
  });
});
