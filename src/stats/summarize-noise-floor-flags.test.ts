import { describe, expect, it } from 'vitest';
import { summarize } from './summarize.js';
import { invalidate, syntheticRun } from '../testing/synthetic-run.js';

describe('summarize against the noise floor', () => {
  it('flags a tax smaller than the noise floor', () => {
    const samples = syntheticRun({ rounds: 10, seed: 17, taxUs: 0, trialNoiseUs: 60 });
    const [row] = summarize({ samples, percentiles: [50], budgetUs: 2000 });
    expect(Math.abs(row!.taxUs)).toBeLessThan(row!.noiseFloorUs);
    expect(row!.flags).toContain('tax-below-noise-floor');
  });

  it('does not flag a tax well above the noise floor', () => {
    const samples = syntheticRun({ rounds: 10, seed: 17, taxUs: 250, trialNoiseUs: 30 });
    const [row] = summarize({ samples, percentiles: [50], budgetUs: 2000 });
    expect(row!.noiseFloorUs).toBeLessThan(row!.taxUs);
    expect(row!.flags).not.toContain('tax-below-noise-floor');
  });

  it('says the floor is unknown, rather than below it, when too few baseline pairs exist', () => {
    const samples = invalidate(
      syntheticRun({ rounds: 5, seed: 17 }),
      [0, 1, 2].map((round) => ({ round, variant: 'baseline' as const, slot: 1 as const })),
    );
    const [row] = summarize({ samples, percentiles: [50], budgetUs: 2000 });
    expect(row!.noiseFloorUs).toBe(Infinity);
    expect(row!.flags).toContain('noise-floor-unknown');
    expect(row!.flags).not.toContain('tax-below-noise-floor');
  });
});
