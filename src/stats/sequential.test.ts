import { describe, expect, it } from 'vitest';
import { lookConfidence, shouldStop, stoppingRule } from './sequential.js';
import { plainScenario, randomSource, simulateTrials } from './testing/simulate.js';

const plan = { looks: [6, 10, 14], confidence: 0.95 };
const trials = (rounds: number, taxUs: number) => simulateTrials(plainScenario({ taxUs }), { rounds, requestsPerTrial: 400 }, randomSource(9));
const look = (all: ReturnType<typeof trials>, roundsDone: number, budgetUs: number) =>
  shouldStop({ trials: all.filter((t) => t.round < roundsDone), roundsDone, verdictPercentiles: [50, 99], budgetUs, plan, resamples: 300, seed: 1 });

describe('the sequential stopping rule', () => {
  it('judges each look at the Bonferroni-corrected confidence and states its rule', () => {
    expect(lookConfidence(plan)).toBeCloseTo(1 - 0.05 / 3, 12);
    expect(lookConfidence({ looks: [8, 14, 20, 28, 40], confidence: 0.95 })).toBeCloseTo(0.99, 12);
    expect(stoppingRule(plan)).toMatch(/looks at 6, 10, 14 rounds; at each, intervals at 98\.33% \(Bonferroni over 3 looks/);
  });

  it('only looks at planned round counts', () => {
    expect(look(trials(14, 260), 7, 2000)).toMatchObject({ stop: false, reason: 'not-a-look', rows: [] });
  });

  it('stops at the first look when every percentile is decided', () => {
    const d = look(trials(14, 260), 6, 2000);
    expect(d).toMatchObject({ stop: true, reason: 'decided' });
    expect(d.rows.map((r) => r.verdict)).toEqual(['PASS', 'PASS']);
  });

  it('goes on while a percentile sits on the budget, and stops at the last look', () => {
    const all = trials(14, 260);
    expect(look(all, 6, 262)).toMatchObject({ stop: false, reason: 'continue' });
    expect(look(all, 14, 262)).toMatchObject({ stop: true, reason: 'last-look' });
  });

  it('uses wider intervals than a single look at the same confidence would', () => {
    const d = look(trials(14, 260), 10, 2000);
    const [row] = d.rows;
    const single = shouldStop({ trials: trials(14, 260).filter((t) => t.round < 10), roundsDone: 10, verdictPercentiles: [50], budgetUs: 2000, plan: { looks: [10], confidence: 0.95 }, resamples: 300, seed: 1 }).rows[0]!;
    expect(row!.ciUs[1] - row!.ciUs[0]).toBeGreaterThan(1.2 * (single.ciUs[1] - single.ciUs[0]));
  });

  it('refuses a plan that is not ascending', () => {
    expect(() => shouldStop({ trials: [], roundsDone: 5, verdictPercentiles: [50], budgetUs: 1, plan: { looks: [5, 5], confidence: 0.95 } })).toThrow(RangeError);
  });
});
