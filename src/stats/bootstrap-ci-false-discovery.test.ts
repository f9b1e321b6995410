import { describe, expect, it } from 'vitest';
import { bootstrapMedianCi } from './bootstrap-ci.js';
import { roundTaxes } from './round-taxes.js';
import { syntheticRun } from '../testing/synthetic-run.js';

// With no true tax, a 95% CI should exclude 0 in ~5% of runs (measured: 5.7% with these seeds).
// Fewer than 2% would mean intervals too wide to resolve anything; more than 9% means false alarms.
const RUNS = 500;

describe('bootstrapMedianCi false discovery', () => {
  it('excludes 0 for no more than ~5–9% of runs when there is no tax', () => {
    let excludesZero = 0;
    for (let run = 0; run < RUNS; run++) {
      const taxes = roundTaxes(syntheticRun({ rounds: 10, seed: 5000 + run, taxUs: 0 }), 50);
      const [low, high] = bootstrapMedianCi(taxes.map((t) => t.taxUs), { seed: run });
      if (low > 0 || high < 0) excludesZero++;
    }
    expect(excludesZero / RUNS).toBeGreaterThanOrEqual(0.02);
    expect(excludesZero / RUNS).toBeLessThanOrEqual(0.09);
  });
});
