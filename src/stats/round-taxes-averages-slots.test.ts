import { describe, expect, it } from 'vitest';
import { roundTaxes } from './round-taxes.js';
import type { TrialSample, Variant } from './types.js';

const trial = (variant: Variant, slot: 0 | 1, us: number, valid = true): TrialSample => ({
  round: 0,
  variant,
  slot,
  valid,
  percentilesUs: { '99': us },
});

describe('roundTaxes averaging', () => {
  it('takes the mean of both slots per variant and subtracts baseline from mesh', () => {
    const samples = [trial('baseline', 0, 100), trial('mesh', 0, 300), trial('mesh', 1, 340), trial('baseline', 1, 120)];
    expect(roundTaxes(samples, 99)).toEqual([{ round: 0, baselineUs: 110, meshUs: 320, taxUs: 210, balanced: true }]);
  });

  it('leaves an invalid slot out of the mean and marks the round unbalanced', () => {
    const samples = [
      trial('baseline', 0, 100),
      trial('mesh', 0, 300),
      trial('mesh', 1, 9999, false),
      trial('baseline', 1, 120),
    ];
    expect(roundTaxes(samples, 99)).toEqual([{ round: 0, baselineUs: 110, meshUs: 300, taxUs: 190, balanced: false }]);
  });
});
