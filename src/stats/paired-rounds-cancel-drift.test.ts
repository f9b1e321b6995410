import { describe, expect, it } from 'vitest';
import { bootstrapMedianCi } from './bootstrap-ci.js';
import { roundTaxes } from './round-taxes.js';
import { syntheticRun } from '../testing/synthetic-run.js';

describe('paired ABBA rounds', () => {
  it('cancel drift shared by a round: a 100× busier machine gives the same tax interval', () => {
    // Same seed → same noise draws; only the per-round drift is scaled.
    const ci = (roundDriftUs: number) =>
      bootstrapMedianCi(roundTaxes(syntheticRun({ rounds: 10, seed: 21, roundDriftUs }), 50).map((t) => t.taxUs), {
        seed: 1,
      });
    const [quietLow, quietHigh] = ci(50);
    const [busyLow, busyHigh] = ci(5000);
    expect(busyLow).toBeCloseTo(quietLow, 6);
    expect(busyHigh).toBeCloseTo(quietHigh, 6);
  });

  it('cancel linear drift within a round: with no other noise every round measures the true tax', () => {
    const samples = syntheticRun({ rounds: 5, seed: 2, taxUs: 250, trialNoiseUs: 0, driftPerTrialUs: 40 });
    // slot 0 alone would read 250 + (40 − 0) = 290
    for (const { taxUs } of roundTaxes(samples, 50)) expect(taxUs).toBeCloseTo(250, 9);
  });
});
