import { describe, expect, it } from 'vitest';
import { decideRow, effectFloor, type RowEvidence } from './verdict.js';

// Each rule of a compared row's verdict at its edge: the test at alpha exactly, the change at the
// minimum effect exactly, an interval that touches 0 or ± the minimum effect, a disturbed machine.
const settings = { alpha: 0.01, minEffectUs: 50, minEffectPct: 10, maxExtraRounds: 50 };
const base: RowEvidence = { percentile: 50, baselineRounds: 10, currentRounds: 10, baselineTaxUs: 300, changeUs: 100, changeCiUs: [40, 160], pValue: 0.001, noisy: false };

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
    expect(decideRow(within, settings)).toEqual({ verdict: 'no-change', minEffectUs: 50, noChangeBandUs: 50, reason: 'the change is within ±50 µs with the stated confidence', extraRounds: null });
    expect(decideRow({ ...within, changeCiUs: [-50.1, 50] }, settings).verdict).toBe('cant-tell');
    expect(decideRow({ ...within, changeCiUs: [-50, 50.1] }, settings).verdict).toBe('cant-tell');
  });

  it("within the percentile's no-change band when one is set, its ends included, and says so", () => {
    const banded = { ...settings, noChangeBandUs: { '50': 100, '99': 1000 } };
    const within: RowEvidence = { ...base, changeUs: 10, changeCiUs: [-90, 100], pValue: 0.5 };
    expect(decideRow(within, banded)).toEqual({ verdict: 'no-change', minEffectUs: 50, noChangeBandUs: 100, reason: 'the change is within ±100 µs with the stated confidence (the no-change band at p50)', extraRounds: null });
    expect(decideRow({ ...within, changeCiUs: [-90, 100.1] }, banded).verdict).toBe('cant-tell');
    expect(decideRow({ ...within, changeCiUs: [-100.1, 90] }, banded).verdict).toBe('cant-tell');
    // the band of the row's own percentile: p99's is 1000, p90 has none (the change that matters, 50)
    expect(decideRow({ ...within, percentile: 99, changeCiUs: [-900, 1000] }, banded).verdict).toBe('no-change');
    expect(decideRow({ ...within, percentile: 90 }, banded).verdict).toBe('cant-tell');
  });

  it('never narrower than the change that matters, and never in place of a regression', () => {
    const narrow = { ...settings, noChangeBandUs: { '50': 10 } };
    expect(decideRow({ ...base, changeUs: 0, changeCiUs: [-50, 50], pValue: 0.5 }, narrow)).toMatchObject({ verdict: 'no-change', noChangeBandUs: 50 });
    // a significant change of 60 µs inside a ±200 µs band is still a regression: it matters
    const wide = { ...settings, noChangeBandUs: { '50': 200 } };
    expect(decideRow({ ...base, changeUs: 60, changeCiUs: [20, 100], pValue: 0.001 }, wide).verdict).toBe('regression');
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

  it('with a band, asks for the rounds that fit the interval inside it', () => {
    // change 60, interval [0, 120] (half-width 60, p 0.2), band 100: room to the band 40, from the
    // change that matters 10 → 40; (40/60)² (1/10 + 1/10) − 1/10 < 0: no number of rounds resolves it
    const banded = { ...settings, noChangeBandUs: { '50': 100 } };
    expect(decideRow({ ...base, changeUs: 60, changeCiUs: [0, 120], pValue: 0.2 }, banded).extraRounds).toBe(50);
    // change 20, interval [-40, 80], band 75: room 55; (55/60)² · 0.2 − 0.1 = 0.068 → 15 rounds, 5 more
    expect(decideRow({ ...base, changeUs: 20, changeCiUs: [-40, 80], pValue: 0.5 }, { ...banded, noChangeBandUs: { '50': 75 } }).extraRounds).toBe(5);
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
  const chronic = { noisy: true, noiseIsChronic: true } as const;

  it('makes the row noisy, whatever the numbers, when the disturbance was one-off', () => {
    const noisy = decideRow({ ...base, noisy: true }, settings);
    expect(noisy.verdict).toBe('noisy');
    expect(noisy.extraRounds).toBeNull();
    expect(noisy.minEffectUs).toBe(50);
    expect(noisy.reason).toBe('the machine was disturbed during one of the runs, and is not usually (regression: the tax grew by 100 µs (p = 0.001 ≤ 0.01), more than the 50 µs that matters); re-run on a quiet machine');
    // a change far past the minimum effect, even at the end of its interval: a bad night can do that
    for (const evidence of [{ ...base, changeUs: 4400, changeCiUs: [3000, 5800] as const }, { ...base, changeUs: 0, changeCiUs: [-20, 20] as const, pValue: 0.5 }]) {
      expect(decideRow({ ...evidence, changeCiUs: [...evidence.changeCiUs], noisy: true }, settings).verdict).toBe('noisy');
      expect(decideRow({ ...evidence, changeCiUs: [...evidence.changeCiUs], noisy: true, noiseIsChronic: false }, settings).verdict).toBe('noisy');
    }
  });

  it('on a chronically disturbed machine, calls a change that clears the minimum effect even at the end of its interval', () => {
    expect(decideRow({ ...base, ...chronic }, settings).verdict).toBe('noisy');
    expect(decideRow({ ...base, ...chronic }, settings).reason).toMatch(/^the machine is usually disturbed and the change does not clear that \(regression: /);
    const clear = decideRow({ ...base, changeUs: 200, changeCiUs: [51, 350], ...chronic }, settings);
    expect(clear.verdict).toBe('regression');
    expect(clear.reason).toContain('; the machine is usually disturbed, and the change clears the 50 µs that matters even at the end of its interval');
    expect(decideRow({ ...base, changeUs: 200, changeCiUs: [50, 350], ...chronic }, settings).verdict).toBe('noisy');
  });

  it('the same downwards', () => {
    const fall: RowEvidence = { ...base, changeUs: -200, changeCiUs: [-350, -51], ...chronic };
    expect(decideRow(fall, settings).verdict).toBe('improvement');
    expect(decideRow({ ...fall, noiseIsChronic: false }, settings).verdict).toBe('noisy');
    expect(decideRow({ ...fall, changeCiUs: [-350, -50] }, settings).verdict).toBe('noisy');
    // an interval clear of the minimum effect does not rescue a row the test did not call a change
    expect(decideRow({ ...base, changeUs: 130, changeCiUs: [60, 200], pValue: 0.2, ...chronic }, settings).verdict).toBe('noisy');
    expect(decideRow({ ...fall, changeUs: -130, changeCiUs: [-200, -60], pValue: 0.2 }, settings).verdict).toBe('noisy');
  });

  it('on a chronically disturbed machine answers no change, and leaves can’t tell noisy', () => {
    const none = decideRow({ ...base, changeUs: 0, changeCiUs: [-20, 20], pValue: 0.5, ...chronic }, settings);
    expect(none).toMatchObject({ verdict: 'no-change', reason: 'the change is within ±50 µs with the stated confidence, though the machine is usually disturbed' });
    expect(decideRow({ ...base, changeUs: 0, changeCiUs: [-60, 60], pValue: 0.5, ...chronic }, settings).verdict).toBe('noisy');
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
