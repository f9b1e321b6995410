import { describe, expect, it } from 'vitest';
import { decideRow, type RowEvidence } from './verdict.js';

// Only the current run's part of a change's variance shrinks with its rounds; the rest (the
// baseline's rounds, how much runs differ) stays. When that rest alone is wider than the room to a
// verdict, no number of rounds settles it, and the row says so instead of asking for rounds.
const settings = { alpha: 0.01, minEffectUs: 50, minEffectPct: 10, maxExtraRounds: 50 };
// change 20, interval ±40 (p 0.5): room to the ±50 band 30, so (30/40)² = 0.5625 of today's variance would settle it
const unsure: RowEvidence = { percentile: 99, baselineRounds: 10, currentRounds: 10, baselineTaxUs: 300, changeUs: 20, changeCiUs: [-20, 60], pValue: 0.5, noisy: false };

describe('a cant-tell row and the rounds that would settle it', () => {
  it('asks for the rounds that shrink only the current run\'s share: 0.2 fixed → n ≥ 0.8 · 10 / (0.5625 − 0.2) = 22.07', () => {
    expect(decideRow({ ...unsure, fixedVarianceShare: 0.2 }, settings)).toMatchObject({ verdict: 'cant-tell', extraRounds: 13 });
  });

  it('matches the two-sides-alike rule when the fixed share is the baseline\'s 1/nA of 1/nA + 1/nB', () => {
    const wide = { ...settings, maxExtraRounds: 100 };
    const alike = decideRow(unsure, wide).extraRounds;
    expect(alike).toBe(decideRow({ ...unsure, fixedVarianceShare: 0.5 }, wide).extraRounds);
    // 0.5 · 10 / (0.5625 − 0.5) = 80 rounds: 70 more
    expect(alike).toBe(70);
  });

  it('says more rounds cannot settle it when the fixed part alone is wider than the room, and asks for none', () => {
    const d = decideRow({ ...unsure, fixedVarianceShare: 0.64 }, settings);
    expect(d.verdict).toBe('cant-tell');
    expect(d.extraRounds).toBeNull();
    // √0.64 · 40 = 32 µs, wider than the 30 µs of room
    expect(d.reason).toBe('no significant difference (p = 0.500), but the interval of the change reaches past ±50 µs; more rounds of this run cannot settle it: the part they cannot shrink (the baseline\'s own noise and how much runs differ) spans ±32 µs alone');
    expect(decideRow({ ...unsure, fixedVarianceShare: 0.5625 }, settings).extraRounds).toBeNull();
    expect(decideRow({ ...unsure, fixedVarianceShare: 0.56 }, settings).extraRounds).toBe(50);
  });

  it('keeps the bound, as before, when nothing says what is fixed and the baseline alone is too imprecise', () => {
    // fixed 1/2 by the rule, room (10/40)² = 0.0625: the bound, not a refusal
    expect(decideRow({ ...unsure, changeUs: 40, changeCiUs: [0, 80] }, settings).extraRounds).toBe(50);
  });
});
