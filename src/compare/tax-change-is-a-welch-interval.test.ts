import { describe, expect, it } from 'vitest';
import { studentTCdf, studentTQuantile } from '../stats/index.js';
import { runTaxes, taxChange } from './merged-change.js';

// The change of the tax between two runs is a Welch t interval on the two runs' standard errors,
// plus the run-to-run variance 2τ² with its own degrees of freedom (nights − 1). Figures worked by
// hand; the t table values are textbook ones (t(0.975, 15) = 2.131, P(|T₁₅| > 2) = 0.064).
describe('the change of the tax between two runs', () => {
  const baseline = { taxUs: 300, seUs: 30, rounds: 6 };
  const current = { taxUs: 400, seUs: 40, rounds: 11 };

  it('is current − baseline with Welch–Satterthwaite degrees of freedom', () => {
    const c = taxChange(baseline, current, null, 0.95);
    expect(c.changeUs).toBe(100);
    // 2500² / (900²/5 + 1600²/10)
    expect(c.df).toBeCloseTo(6_250_000 / 418_000, 9);
    expect(c.df).toBeCloseTo(14.95, 2);
  });

  it('has a 95% interval of ± t(0.975, df) · √(a² + b²) around the change', () => {
    const c = taxChange(baseline, current, null, 0.95);
    const half = studentTQuantile(0.975, 6_250_000 / 418_000) * 50;
    expect(half).toBeCloseTo(106.6, 1);
    expect(c.ciUs[0]).toBeCloseTo(100 - half, 9);
    expect(c.ciUs[1]).toBeCloseTo(100 + half, 9);
  });

  it('is wider at 99% than at 95%', () => {
    const at95 = taxChange(baseline, current, null, 0.95);
    const at99 = taxChange(baseline, current, null, 0.99);
    expect(at99.ciUs[1] - at99.ciUs[0]).toBeCloseTo(2 * 50 * studentTQuantile(0.995, at99.df), 9);
    expect(at99.ciUs[0]).toBeLessThan(at95.ciUs[0]);
  });

  it('has the two-sided p-value of t = change / SE', () => {
    const c = taxChange(baseline, current, null, 0.95);
    expect(c.pValue).toBeCloseTo(2 * (1 - studentTCdf(2, c.df)), 12);
    expect(c.pValue).toBeCloseTo(0.064, 2);
    // the sign of the change does not matter
    expect(taxChange(current, baseline, null, 0.95).pValue).toBeCloseTo(c.pValue, 12);
  });

  it('adds the run-to-run variance 2τ² and its degrees of freedom from the nights behind τ', () => {
    const c = taxChange(baseline, current, { spreadUs: 25, typicalSeUs: 0, nights: 6 }, 0.95);
    // variance 900 + 1600 + 2·625 = 3750; df = 3750² / (900²/5 + 1600²/10 + 1250²/5)
    expect(c.df).toBeCloseTo(3750 ** 2 / 730_500, 9);
    const half = studentTQuantile(0.975, c.df) * Math.sqrt(3750);
    expect(c.ciUs[1] - c.ciUs[0]).toBeCloseTo(2 * half, 9);
    expect(c.pValue).toBeCloseTo(2 * (1 - studentTCdf(100 / Math.sqrt(3750), c.df)), 12);
  });

  it('reads a run-to-run SD of 0 as no run-level term', () => {
    const none = taxChange(baseline, current, null, 0.95);
    const zero = taxChange(baseline, current, { spreadUs: 0, typicalSeUs: 0, nights: 6 }, 0.95);
    expect(zero).toEqual({ ...none, runToRunSdUs: 0 });
  });

  it('is unknown (the whole line, p = 1) when either side has no standard error or no tax', () => {
    const unknown = { ciUs: [-Infinity, Infinity], pValue: 1 };
    expect(taxChange({ ...baseline, seUs: Number.NaN }, current, null, 0.95)).toMatchObject(unknown);
    expect(taxChange(baseline, { ...current, seUs: Number.NaN }, null, 0.95)).toMatchObject(unknown);
    expect(taxChange(baseline, { ...current, taxUs: Number.NaN }, null, 0.95)).toMatchObject(unknown);
    expect(taxChange({ ...baseline, seUs: Number.NaN }, current, null, 0.95).df).toBeNaN();
  });

  it('takes a side known exactly (SE 0) as adding nothing to the degrees of freedom, whatever its rounds', () => {
    const c = taxChange({ taxUs: 300, seUs: 0, rounds: 1 }, current, null, 0.95);
    expect(c.df).toBe(10);
    expect(c.fixedVarianceShare).toBe(0);
  });

  it('is exact when neither side varies: a point interval, p = 0 for a change and 1 for none', () => {
    const still = { seUs: 0, rounds: 5 };
    const up = taxChange({ ...still, taxUs: 300 }, { ...still, taxUs: 320 }, null, 0.95);
    expect(up).toMatchObject({ changeUs: 20, ciUs: [20, 20], pValue: 0 });
    const same = taxChange({ ...still, taxUs: 300 }, { ...still, taxUs: 300 }, null, 0.95);
    expect(same).toMatchObject({ changeUs: 0, ciUs: [0, 0], pValue: 1 });
    // nothing varies, so nothing more rounds could shrink: all of it is fixed
    expect(up.fixedVarianceShare).toBe(1);
  });
});

describe('a run’s taxes', () => {
  it('are unknown at every percentile when the run has no round', () => {
    const none = runTaxes([], [50, 90, 99], { resamples: 20, seed: 1 });
    expect(none.rounds).toBe(0);
    expect(none.taxUs).toHaveLength(3);
    expect(none.seUs).toHaveLength(3);
    expect([...none.taxUs, ...none.seUs].every(Number.isNaN)).toBe(true);
  });
});
