import { describe, expect, it } from 'vitest';
import { noiseFloor } from './noise-floor.js';
import { syntheticRun } from '../testing/synthetic-run.js';

const floor = (spec: { trialNoiseUs?: number; driftPerTrialUs?: number; seed?: number }) =>
  noiseFloor(syntheticRun({ rounds: 10, seed: spec.seed ?? 13, ...spec }), 50, { seed: 1 });

describe('noise floor size', () => {
  it('scales in proportion to trial noise (same draws, 4× the spread → 4× the floor)', () => {
    expect(floor({ trialNoiseUs: 60 })).toBeCloseTo(4 * floor({ trialNoiseUs: 15 }), 6);
  });

  it('is of the order of the trial noise: between 0.3σ and 3σ over many runs', () => {
    for (let seed = 0; seed < 20; seed++) {
      const floorUs = floor({ trialNoiseUs: 30, seed });
      expect(floorUs).toBeGreaterThan(9);
      expect(floorUs).toBeLessThan(90);
    }
  });

  it('rises with drift within a round, which the A/A pair (first and last trial) is most exposed to', () => {
    // baseline slot 0 is position 0, slot 1 is position 3: 3 × 40 µs apart
    expect(floor({ trialNoiseUs: 0, driftPerTrialUs: 40 })).toBeCloseTo(120, 9);
    expect(floor({ trialNoiseUs: 30, driftPerTrialUs: 40 })).toBeGreaterThan(floor({ trialNoiseUs: 30 }) + 60);
  });
});
