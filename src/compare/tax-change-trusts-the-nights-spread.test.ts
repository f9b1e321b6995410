/**
 * When past nights spread less than their own intervals claim, the round bootstrap overstates a
 * run's SE, and the change's variance takes each run's SE² scaled by s²/m; when they spread more,
 * the excess is the runs' offsets, 2τ². Figures checked against scipy.stats.t (Python):
 *   baseline 300 ± 30 (6 rounds), current 400 ± 40 (11 rounds)
 *   nights: spread 24, typical SE 40, 10 nights → scale 0.36, variance 900, own df 14.952153,
 *     df 1/(1/14.952153 + 1/9) = 5.618258, 95% CI [+25.366470, +174.633530], p 0.0173687
 *   nights: spread 0, typical SE 40 → scale 0.25 at least: variance 625, CI [+37.805392, +162.194608]
 *   nights: spread 50, typical SE 20, 10 nights → τ² 2100, variance 6700, df 18.877208,
 *     95% CI [−71.396860, +271.396860]
 */
import { describe, expect, it } from 'vitest';
import { MIN_SE_SCALE, taxChange } from './merged-change.js';

const baseline = { taxUs: 300, seUs: 30, rounds: 6 };
const current = { taxUs: 400, seUs: 40, rounds: 11 };

describe('the change between two runs when past nights spread less than their own intervals', () => {
  const overstated = { spreadUs: 24, typicalSeUs: 40, nights: 10 };

  it('scales each run\'s SE² by the nights\' spread over their SE², with the scale\'s own nights − 1 df', () => {
    const c = taxChange(baseline, current, overstated, 0.95);
    expect(c.seScale).toBeCloseTo(0.36, 12);
    expect(c.runToRunSdUs).toBe(0);
    expect(c.df).toBeCloseTo(5.618258, 5);
    expect(c.ciUs[0]).toBeCloseTo(25.36647, 4);
    expect(c.ciUs[1]).toBeCloseTo(174.63353, 4);
    expect(c.pValue).toBeCloseTo(0.0173687, 6);
  });

  it('never shrinks an SE by more than half: nights that happen to agree do not make a change exact', () => {
    const c = taxChange(baseline, current, { spreadUs: 0, typicalSeUs: 40, nights: 10 }, 0.95);
    expect(c.seScale).toBe(MIN_SE_SCALE);
    expect(MIN_SE_SCALE).toBe(0.25);
    expect(c.ciUs[0]).toBeCloseTo(37.805392, 4);
    expect(c.ciUs[1]).toBeCloseTo(162.194608, 4);
  });

  it('is narrower than the runs\' own SEs alone would have it, and the same two typical runs differ by 2s²', () => {
    const scaled = taxChange(baseline, current, overstated, 0.95);
    const alone = taxChange(baseline, current, null, 0.95);
    expect(scaled.ciUs[1] - scaled.ciUs[0]).toBeLessThan(alone.ciUs[1] - alone.ciUs[0]);
    const typical = { taxUs: 300, seUs: 40, rounds: 28 };
    const twoTypical = taxChange(typical, { ...typical, taxUs: 350 }, { spreadUs: 20, typicalSeUs: 40, nights: 1000 }, 0.95);
    // variance 2 · 20² = 800 on df 1/(1/54 + 1/999) = 51.230769: half-width t · √800 = 56.776834 (scipy)
    expect((twoTypical.ciUs[1] - twoTypical.ciUs[0]) / 2).toBeCloseTo(56.776834, 4);
  });

  it('still counts a run less precise than the nights for more', () => {
    const stalled = taxChange(baseline, { ...current, seUs: 120 }, overstated, 0.95);
    const typical = taxChange(baseline, current, overstated, 0.95);
    expect(stalled.ciUs[1] - stalled.ciUs[0]).toBeGreaterThan(2 * (typical.ciUs[1] - typical.ciUs[0]));
  });
});

describe('the change between two runs when past nights spread more than their own intervals', () => {
  it('adds the runs\' offsets 2τ², τ² = s² − m, to the runs\' own SE², unscaled', () => {
    const c = taxChange(baseline, current, { spreadUs: 50, typicalSeUs: 20, nights: 10 }, 0.95);
    expect(c.seScale).toBe(1);
    expect(c.runToRunSdUs).toBeCloseTo(Math.sqrt(2100), 9);
    expect(c.df).toBeCloseTo(18.877208, 5);
    expect(c.ciUs[0]).toBeCloseTo(-71.39686, 4);
    expect(c.ciUs[1]).toBeCloseTo(271.39686, 4);
  });

  it('says which share of the variance more rounds of the current run cannot shrink', () => {
    const c = taxChange(baseline, current, { spreadUs: 50, typicalSeUs: 20, nights: 10 }, 0.95);
    expect(c.fixedVarianceShare).toBeCloseTo(1 - 1600 / 6700, 12);
    expect(taxChange(baseline, current, null, 0.95).fixedVarianceShare).toBeCloseTo(900 / 2500, 12);
    expect(taxChange(baseline, { ...current, seUs: Number.NaN }, null, 0.95).fixedVarianceShare).toBeNaN();
  });
});
