import { describe, expect, it } from 'vitest';
import type { TrialSpectrum } from './round-spectra.js';
import { spectrumFromCounts } from './spectrum.js';
import { FLAGS, summarize } from './summarize.js';

// Hand-made rounds of 20 identical requests per trial, so every figure can be read off: baseline
// slot 0 takes 100 µs, slot 1 100 + spreadUs·(r + 1) µs in round r; the mesh takes the same plus
// shiftUs in both slots. The tax is then shiftUs in every resample (interval [shift, shift]); the
// A/A "tax" (slot 1 against slot 0) is the p50 of slot 1's merged values, 100 + 3·spreadUs, less 100.
function trials(rounds: number, spreadUs: number, shiftUs: number): TrialSpectrum[] {
  return Array.from({ length: rounds }, (_, round) => {
    const slotUs = [100, 100 + spreadUs * (round + 1)] as const;
    return ([0, 1] as const).flatMap((slot) => [
      { round, variant: 'baseline' as const, slot, valid: true, latency: spectrumFromCounts([[slotUs[slot], 20]]) },
      { round, variant: 'mesh' as const, slot, valid: true, latency: spectrumFromCounts([[slotUs[slot] + shiftUs, 20]]) },
    ]);
  }).flat();
}
const summary = (t: TrialSpectrum[]) => summarize({ trials: t, percentiles: [50], budgetUs: 2000, resamples: 400 })[0]!;

describe('the noise floor, by hand', () => {
  it('is the far end of the A/A interval, beyond the A/A estimate of 30 µs (its near end lies below it)', () => {
    expect(summary(trials(5, 10, 0)).noiseFloorUs).toBeGreaterThan(30);
  });

  it('is known from 5 rounds with both baseline slots', () => {
    expect(Number.isFinite(summary(trials(5, 10, 0)).noiseFloorUs)).toBe(true);
  });
});

describe('a tax that cannot be told from zero', () => {
  it('is flagged when the tax is 0 and its interval [0, 0] holds 0 (the ends count)', () => {
    const row = summary(trials(5, 10, 0));
    expect([row.taxUs, ...row.ciUs]).toEqual([0, 0, 0]);
    expect(row.flags).toEqual([FLAGS.taxBelowNoiseFloor]);
  });

  it('is not flagged when the interval leaves out 0 on either side, however small the tax', () => {
    const above = summary(trials(5, 10, 5));
    expect([above.taxUs, ...above.ciUs]).toEqual([5, 5, 5]);
    expect(above.flags).toEqual([]);
    const below = summary(trials(5, 10, -5));
    expect([below.taxUs, ...below.ciUs]).toEqual([-5, -5, -5]);
    expect(below.flags).toEqual([]);
  });

  it('is not flagged when the noise floor is 0: no tax is below it', () => {
    const row = summary(trials(5, 0, 0));
    expect(row.noiseFloorUs).toBe(0);
    expect(row.flags).toEqual([]);
  });
});
