import { describe, expect, it } from 'vitest';
import { rankTest } from './rank-test.js';

// The rank test on samples small enough to enumerate by hand: p-values from every relabelling of
// the pooled rounds (reference figures from a separate brute-force enumeration with exact fractions:
// U with ties counting half, KS D over the pooled values, p = share of relabellings whose own
// min(p_U, p_KS) is at least as extreme as the observed one).
const seed = 7;

describe('the rank test, enumerated', () => {
  it('gives 2 of 20 relabellings for three rounds all above three others (either direction)', () => {
    const r = rankTest([1, 2, 3], [4, 5, 6], { seed });
    expect(r).toEqual({ pValue: 0.1, mannWhitneyP: 0.1, ksP: 0.1, probabilityGreater: 1, ksD: 1, relabellings: 20, exact: true });
    expect(rankTest([4, 5, 6], [1, 2, 3], { seed })).toMatchObject({ pValue: 0.1, probabilityGreater: 0, ksD: 1 });
  });

  it('sees a change of shape that leaves the ranks balanced (KS, not U)', () => {
    const r = rankTest([4, 5, 6, 7, 8, 9], [1, 2, 3, 10, 11, 12], { seed });
    expect(r.relabellings).toBe(924);
    expect(r.mannWhitneyP).toBe(1);
    expect(r.probabilityGreater).toBe(0.5);
    expect(r.ksD).toBe(0.5);
    expect(r.ksP).toBeCloseTo(438 / 924, 12);
    expect(r.pValue).toBeCloseTo(474 / 924, 12);
  });

  it('counts ties half in U and compares the CDFs only between tie groups', () => {
    const r = rankTest([1, 1, 2, 3], [1, 3, 3, 4, 5], { seed });
    expect(r.relabellings).toBe(126);
    expect(r.probabilityGreater).toBeCloseTo(0.8, 12);
    expect(r.ksD).toBeCloseTo(0.55, 12);
    expect(r.mannWhitneyP).toBeCloseTo(22 / 126, 12);
    expect(r.ksP).toBeCloseTo(36 / 126, 12);
    expect(r.pValue).toBeCloseTo(30 / 126, 12);
  });

  it('takes the smaller p of U and KS, calibrated: a shift of five rounds', () => {
    const r = rankTest([10, 12, 11, 13, 9], [14, 12, 15, 16, 13], { seed });
    expect(r.relabellings).toBe(252);
    expect(r.pValue).toBeCloseTo(10 / 252, 12);
    expect(r.mannWhitneyP).toBeCloseTo(10 / 252, 12);
    expect(r.ksP).toBeCloseTo(90 / 252, 12);
    expect(r.probabilityGreater).toBeCloseTo(0.92, 12);
    expect(r.ksD).toBeCloseTo(0.6, 12);
  });
});

describe('the rank test, sampled', () => {
  it('draws seeded relabellings past the exact limit and lands near the exact p', () => {
    const r = rankTest([10, 12, 11, 13, 9], [14, 12, 15, 16, 13], { seed, exactLimit: 100, permutations: 3000 });
    expect(r.exact).toBe(false);
    expect(r.relabellings).toBe(3001);
    expect(r.pValue).toBeGreaterThan(0.025);
    expect(r.pValue).toBeLessThan(0.055);
    expect(rankTest([10, 12, 11, 13, 9], [14, 12, 15, 16, 13], { seed, exactLimit: 100, permutations: 3000 })).toEqual(r);
  });

  it('enumerates up to the exact limit itself (C(10, 5) = 252 relabellings), and samples past it', () => {
    expect(rankTest([10, 12, 11, 13, 9], [14, 12, 15, 16, 13], { seed, exactLimit: 252 }).exact).toBe(true);
    expect(rankTest([10, 12, 11, 13, 9], [14, 12, 15, 16, 13], { seed, exactLimit: 251, permutations: 100 })).toMatchObject({ exact: false, relabellings: 101 });
  });
});

describe('the rank test, degenerate', () => {
  it('has p = 1 and no shift when a side is empty', () => {
    const none = { pValue: 1, mannWhitneyP: 1, ksP: 1, probabilityGreater: 0.5, ksD: 0, relabellings: 0, exact: true };
    expect(rankTest([], [1, 2], { seed })).toEqual(none);
    expect(rankTest([1, 2], [], { seed })).toEqual(none);
  });

  it('refuses values that are not finite', () => {
    expect(() => rankTest([1, Number.NaN], [2, 3], { seed })).toThrow(RangeError);
    expect(() => rankTest([1, 2], [2, Infinity], { seed })).toThrow(/finite/);
  });
});
