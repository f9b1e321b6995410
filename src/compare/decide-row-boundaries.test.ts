import { describe, expect, it } from 'vitest';
import { decideRow, effectFloor, type RowEvidence } from './verdict.js';

// Each rule of a compared row's verdict at its edge: the test at alpha exactly, the change at the
// minimum effect exactly, an interval that touches 0 or ± the minimum effect, a disturbed machine.
const settings = { alpha: 0.01, minEffectUs: 50, minEffectPct: 10, maxExtraRounds: 50 };
const base: RowEvidence = { baselineRounds: 10, currentRounds: 10, baselineTaxUs: 300, changeUs: 100, changeCiUs: [40, 160], pValue: 0.001, noisy: false };

describe('a regression', () => {
  it('needs p ≤ alpha (alpha itself counts), the change ≥ the minimum effect and the interval above 0', () => {
    expect(decideRow(base, settings).verdict).toBe('regression');
    expect(decideRow({ ...base, pValue: 0.01 }, settings).verdict).toBe('regression');
    expect(decideRow({ ...base, pValue: 0.0101 }, settings).verdict).toBe('cant-tell');
    expect(decideRow({ ...base, changeUs: 50, changeCiUs: [10, 90] }, settings).verdict).toBe('regression');
    expect(decideRow({ ...base, changeUs: 49.9, changeCiUs: [10, 90] }, settings).verdict).toBe('cant-tell');
    expect(decideRow({ ...base, changeCiUs: [0, 160] }, settings).verdict).toBe('cant-tell');
  });

  it('says by how much, at which p, and the change that matters', () => {
    expect(decideRow(base, settings).reason).toBe('the tax grew by 100 µs (p = 0.001 ≤ 0.01), more than the 50 µs that matters');
    expect(decideRow({ ...base, pValue: 0.0004 }, settings).reason).toContain('(p = 4.0e-4 ≤ 0.01)');
    expect(decideRow({ ...base, pValue: 0.005 }, settings).reason).toContain('(p = 0.005 ≤ 0.01)');
    expect(decideRow(base, settings).extraRounds).toBeNull();
  });
});

describe('an improvement', () => {
  const down: RowEvidence = { ...base, changeUs: -100, changeCiUs: [-160, -40] };

  it('mirrors a regression: p ≤ alpha, a fall ≥ the minimum effect, the interval below 0', () => {
    expect(decideRow(down, settings).verdict).toBe('improvement');
    expect(decideRow({ ...down, changeUs: -50, changeCiUs: [-90, -10] }, settings).verdict).toBe('improvement');
    expect(decideRow({ ...down, changeUs: -49.9, changeCiUs: [-90, -10] }, settings).verdict).toBe('cant-tell');
    expect(decideRow({ ...down, changeCiUs: [-160, 0] }, settings).verdict).toBe('cant-tell');
    expect(decideRow({ ...down, pValue: 0.02 }, settings).verdict).toBe('cant-tell');
  });

  it('says by how much the tax fell', () => {
    expect(decideRow(down, settings).reason).toBe('the tax fell by 100 µs (p = 0.001 ≤ 0.01), more than the 50 µs that matters');
  });
});

describe('no change', () => {
  it('when the whole interval lies within ± the minimum effect, its ends included', () => {
    const within: RowEvidence = { ...base, changeUs: 0, changeCiUs: [-50, 50], pValue: 0.5 };
    expect(decideRow(within, settings)).toEqual({ verdict: 'no-change', minEffectUs: 50, reason: 'the change is within ±50 µs with the stated confidence', extraRounds: null });
    expect(decideRow({ ...within, changeCiUs: [-50.1, 50] }, settings).verdict).toBe('cant-tell');
    expect(decideRow({ ...within, changeCiUs: [-50, 50.1] }, settings).verdict).toBe('cant-tell');
  });
});

describe("can't tell", () => {
  it('says whether the test was significant, with the signed change', () => {
    const small = decideRow({ ...base, changeUs: 40, changeCiUs: [10, 70] }, settings);
    expect(small.reason).toBe('the taxes differ (p = 0.001) but the change, +40 µs, cannot yet be told from the 50 µs that matters');
    const fall = decideRow({ ...base, changeUs: -40, changeCiUs: [-70, -10] }, settings);
    expect(fall.reason).toContain('the change, −40 µs,');
    const unsure = decideRow({ ...base, pValue: 0.2 }, settings);
    expect(unsure.reason).toBe('no significant difference (p = 0.200), but the interval of the change reaches past ±50 µs');
  });

  it('asks for the rounds that shrink the half-width below the gap to the minimum effect', () => {
    // half-width 60, gap |100| − 50 = 50: target = (50/60)² (1/8 + 1/10) − 1/8 = 1/32 → 32 rounds, 22 more
    const unsure: RowEvidence = { ...base, baselineRounds: 8, pValue: 0.2 };
    expect(decideRow(unsure, settings).extraRounds).toBe(22);
    expect(decideRow(unsure, { ...settings, maxExtraRounds: 20 }).extraRounds).toBe(20);
    // the same with 10 rounds each: (50/60)² · 0.2 − 0.1 → 26 rounds, 16 more
    expect(decideRow({ ...unsure, baselineRounds: 10 }, settings).extraRounds).toBe(16);
  });

  it('asks for the bound when the baseline alone is too imprecise, or the change sits on the minimum effect', () => {
    // (40/60)² · 0.2 − 0.1 < 0: no number of current rounds resolves it
    expect(decideRow({ ...base, changeUs: 90, changeCiUs: [30, 150], pValue: 0.2 }, settings).extraRounds).toBe(50);
    expect(decideRow({ ...base, changeUs: 50, changeCiUs: [-10, 110], pValue: 0.2 }, settings).extraRounds).toBe(50);
  });

  it('asks for at least one round, and as many again as it has when the interval is unknown', () => {
    // gap 70, half-width 60: (70/60)² · 0.2 − 0.1 → 6 rounds, fewer than the 10 it has
    expect(decideRow({ ...base, changeUs: 120, changeCiUs: [60, 180], pValue: 0.2 }, settings).extraRounds).toBe(1);
    expect(decideRow({ ...base, changeCiUs: [-Infinity, Infinity], pValue: 1 }, settings)).toMatchObject({ verdict: 'cant-tell', extraRounds: 10 });
    expect(decideRow({ ...base, changeCiUs: [40, Infinity], pValue: 1 }, settings).extraRounds).toBe(10);
  });

  it('with too few rounds on either side, whatever the numbers say', () => {
    const few = decideRow({ ...base, baselineRounds: 4 }, settings);
    expect(few.verdict).toBe('cant-tell');
    expect(few.reason).toBe('too few rounds to compare (baseline 4, current 10; at least 5 each)');
    expect(few.extraRounds).toBe(10);
    expect(decideRow({ ...base, baselineRounds: 5, currentRounds: 5 }, settings).verdict).toBe('regression');
    expect(decideRow({ ...base, currentRounds: 3 }, settings).extraRounds).toBe(7);
  });
});

describe('a disturbed machine', () => {
  it('makes the row noisy unless the change clears the minimum effect even at the end of its interval', () => {
    const noisy = decideRow({ ...base, noisy: true }, settings);
    expect(noisy.verdict).toBe('noisy');
    expect(noisy.extraRounds).toBeNull();
    expect(noisy.minEffectUs).toBe(50);
    expect(noisy.reason).toBe('the machine was disturbed during one of the runs and the change does not clear that (regression: the tax grew by 100 µs (p = 0.001 ≤ 0.01), more than the 50 µs that matters); re-run on a quiet machine');
    const clear = decideRow({ ...base, changeUs: 200, changeCiUs: [51, 350], noisy: true }, settings);
    expect(clear.verdict).toBe('regression');
    expect(clear.reason).toContain('; the machine was disturbed, but the change clears the 50 µs that matters even at the end of its interval');
    expect(decideRow({ ...base, changeUs: 200, changeCiUs: [50, 350], noisy: true }, settings).verdict).toBe('noisy');
  });

  it('the same downwards', () => {
    const fall: RowEvidence = { ...base, changeUs: -200, changeCiUs: [-350, -51], noisy: true };
    expect(decideRow(fall, settings).verdict).toBe('improvement');
    expect(decideRow({ ...fall, changeCiUs: [-350, -50] }, settings).verdict).toBe('noisy');
    // an interval clear of the minimum effect does not rescue a row the test did not call a change
    expect(decideRow({ ...base, changeUs: 130, changeCiUs: [60, 200], pValue: 0.2, noisy: true }, settings).verdict).toBe('noisy');
    expect(decideRow({ ...fall, changeUs: -130, changeCiUs: [-200, -60], pValue: 0.2 }, settings).verdict).toBe('noisy');
  });

  it('leaves no change and can’t tell noisy too', () => {
    expect(decideRow({ ...base, changeUs: 0, changeCiUs: [-20, 20], pValue: 0.5, noisy: true }, settings).verdict).toBe('noisy');
  });
});

describe('the minimum effect', () => {
  it('is the larger of the absolute floor and the share of the baseline tax’s size', () => {
    expect(effectFloor(1000, settings)).toBe(100);
    expect(effectFloor(-1000, settings)).toBe(100);
    expect(effectFloor(400, settings)).toBe(50);
    expect(effectFloor(Number.NaN, settings)).toBe(50);
    expect(effectFloor(Number.NaN, { minEffectUs: 0, minEffectPct: 10 })).toBe(0);
  });
});

describe("can't tell, at its edges", () => {
  it('asks for the bound when the interval has no width but reaches past the minimum effect', () => {
    expect(decideRow({ ...base, changeUs: 100, changeCiUs: [100, 100], pValue: 0.2 }, settings)).toMatchObject({ verdict: 'cant-tell', extraRounds: 50 });
  });

  it('writes a change of 0 with a plus sign', () => {
    expect(decideRow({ ...base, changeUs: 0, changeCiUs: [-100, 100], pValue: 0.001 }, settings).reason).toContain('the change, +0 µs,');
  });
});
