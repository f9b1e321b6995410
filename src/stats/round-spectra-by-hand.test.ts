import { describe, expect, it } from 'vitest';
import { aaRoundSpectra, mergeSpectra, roundSpectra, type TrialSpectrum } from './round-spectra.js';
import { spectrumFromCounts, type LatencySpectrum } from './spectrum.js';

// Rounds of hand-made spectra: which trials a round merges, which rounds are left out.
const at = (valueUs: number, count = 1) => spectrumFromCounts([[valueUs, count]]);
const t = (round: number, variant: 'baseline' | 'mesh', slot: 0 | 1, latency: LatencySpectrum | null, valid = true): TrialSpectrum => ({ round, variant, slot, valid, latency });
const plain = (s: LatencySpectrum) => ({ values: Array.from(s.valuesUs), counts: Array.from(s.counts) });

describe('merged spectra', () => {
  it('add counts at equal values and keep values sorted', () => {
    const merged = mergeSpectra([spectrumFromCounts([[30, 1], [10, 2]]), spectrumFromCounts([[20, 4], [30, 3]])]);
    expect(plain(merged)).toEqual({ values: [10, 20, 30], counts: [2, 4, 4] });
  });

  it('of one spectrum are that spectrum', () => {
    const one = at(5, 2);
    expect(mergeSpectra([one])).toBe(one);
  });
});

describe('round spectra', () => {
  it('merge each side’s valid trials per round, rounds ascending', () => {
    const trials = [
      t(2, 'baseline', 0, at(100)),
      t(2, 'mesh', 0, at(300)),
      t(0, 'baseline', 0, at(110)),
      t(0, 'baseline', 1, at(120)),
      t(0, 'mesh', 0, at(310)),
      t(0, 'mesh', 1, at(320), false),
    ];
    const rounds = roundSpectra(trials);
    expect(rounds.map((r) => r.round)).toEqual([0, 2]);
    expect(plain(rounds[0]!.baseline)).toEqual({ values: [110, 120], counts: [1, 1] });
    expect(plain(rounds[0]!.mesh)).toEqual({ values: [310], counts: [1] });
    expect(plain(rounds[1]!.mesh)).toEqual({ values: [300], counts: [1] });
  });

  it('leave out a round without a usable trial of either side (invalid, or no latency)', () => {
    const trials = [
      t(0, 'baseline', 0, at(100)),
      t(0, 'mesh', 0, at(300), false),
      t(1, 'baseline', 0, null),
      t(1, 'mesh', 0, at(300)),
      t(2, 'baseline', 0, at(100)),
      t(2, 'mesh', 0, at(300)),
    ];
    expect(roundSpectra(trials).map((r) => r.round)).toEqual([2]);
    expect(roundSpectra([])).toEqual([]);
  });
});

describe('A/A round spectra', () => {
  it('set baseline slot 0 against baseline slot 1, in rounds where both are usable', () => {
    const trials = [
      t(1, 'baseline', 0, at(100)),
      t(1, 'baseline', 1, at(130)),
      t(1, 'mesh', 0, at(300)),
      t(0, 'baseline', 0, at(90)),
      t(0, 'baseline', 1, at(95)),
      t(3, 'baseline', 0, at(100)),
      t(3, 'baseline', 1, at(100), false),
      t(4, 'baseline', 1, at(100)),
      t(4, 'mesh', 0, at(100)),
    ];
    const rounds = aaRoundSpectra(trials);
    expect(rounds.map((r) => r.round)).toEqual([0, 1]);
    expect(plain(rounds[1]!.baseline)).toEqual({ values: [100], counts: [1] });
    expect(plain(rounds[1]!.mesh)).toEqual({ values: [130], counts: [1] });
    expect(plain(rounds[0]!.baseline).values).toEqual([90]);
  });
});
