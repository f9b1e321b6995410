import { describe, expect, it } from 'vitest';
import { summarize } from './summarize.js';
import { invalidate, syntheticRun } from '../testing/synthetic-run.js';

describe('summarize with invalid trials', () => {
  const run = syntheticRun({ rounds: 8, seed: 31 });

  it('leaves invalid trials out of every figure and says how many there were', () => {
    // an invalid trial with an absurd value must not move the figures
    const poisoned = run.map((s) =>
      s.round === 2 && s.variant === 'mesh' && s.slot === 0 ? { ...s, valid: false, percentilesUs: { '50': 1e7 } } : s,
    );
    const [row] = summarize({ samples: poisoned, percentiles: [50], budgetUs: 2000 });
    expect(row!.flags).toEqual(['invalid-trials:1', 'unbalanced-rounds:1']);
    expect(row!.rounds).toBe(8);
    expect(row!.meshUs).toBeLessThan(1000);
    expect(row!.taxUs).toBeLessThan(1000);
  });

  it('flags rounds dropped for want of a valid trial of one variant', () => {
    const samples = invalidate(run, [
      { round: 5, variant: 'baseline', slot: 0 },
      { round: 5, variant: 'baseline', slot: 1 },
    ]);
    const [row] = summarize({ samples, percentiles: [50], budgetUs: 2000 });
    expect(row!.rounds).toBe(7);
    expect(row!.flags).toEqual(['invalid-trials:2', 'dropped-rounds:1']);
  });
});
