import { describe, expect, it } from 'vitest';
import { bootstrapMedianCi } from './bootstrap-ci.js';
import { aaDifferences, noiseFloor } from './noise-floor.js';
import { invalidate, syntheticRun } from '../testing/synthetic-run.js';

describe('noise floor (A/A)', () => {
  it('compares baseline slot 0 with baseline slot 1 of the same round, valid pairs only', () => {
    const run = syntheticRun({ rounds: 3, seed: 4 });
    const at = (round: number, slot: 0 | 1) =>
      run.find((s) => s.round === round && s.variant === 'baseline' && s.slot === slot)!.percentilesUs['50']!;
    const samples = invalidate(run, [{ round: 1, variant: 'baseline', slot: 1 }]);
    expect(aaDifferences(samples, 50)).toEqual([at(0, 0) - at(0, 1), at(2, 0) - at(2, 1)]);
  });

  it('has an A/A interval that covers 0 at about the nominal rate (measured 0.942 over these 500 runs)', () => {
    let covers = 0;
    for (let run = 0; run < 500; run++) {
      const [low, high] = bootstrapMedianCi(aaDifferences(syntheticRun({ rounds: 10, seed: 1000 + run }), 50), {
        seed: run,
      });
      if (low <= 0 && 0 <= high) covers++;
    }
    expect(covers / 500).toBeGreaterThanOrEqual(0.91);
    expect(covers / 500).toBeLessThanOrEqual(0.98);
  });

  it('does not see the mesh: the floor is the same whatever the tax', () => {
    const floor = (taxUs: number) => noiseFloor(syntheticRun({ rounds: 10, seed: 8, taxUs }), 50, { seed: 1 });
    expect(floor(5000)).toBe(floor(0));
  });

  it('is unknown (Infinity) with fewer than 3 complete baseline pairs', () => {
    const samples = invalidate(syntheticRun({ rounds: 4, seed: 5 }), [
      { round: 0, variant: 'baseline', slot: 0 },
      { round: 3, variant: 'baseline', slot: 1 },
    ]);
    expect(noiseFloor(samples, 50, { seed: 1 })).toBe(Infinity);
  });
});
