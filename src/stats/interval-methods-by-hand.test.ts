import { describe, expect, it } from 'vitest';
import { studentTQuantile } from './distributions.js';
import { CALIBRATION_FACTOR, INTERVAL_METHODS, intervalFrom, jackknifeSe } from './interval.js';

// Each interval method on inputs small enough to work by hand (the coverage simulations say which
// method holds its level; these say each computes what it claims). BCa figures from an independent
// evaluation of Efron's formulas (Python's statistics.NormalDist, numpy's type-7 quantiles).
const oneToN = (n: number) => Float64Array.from({ length: n }, (_, i) => n - i); // n … 1, unsorted on purpose
const t95of3 = studentTQuantile(0.95, 3); // 2.3534, the 90% two-sided t with 4 rounds
const evenJackknife = Float64Array.of(9, 10, 11, 12); // SE √(3/4 · 5) = √3.75
const input = { estimate: 10, replicates: oneToN(20), jackknife: evenJackknife, confidence: 0.9 };

describe('the jackknife standard error', () => {
  it('is √((n − 1)/n · Σ(θᵢ − θ̄)²)', () => {
    expect(jackknifeSe(evenJackknife)).toBeCloseTo(Math.sqrt(3.75), 12);
    expect(jackknifeSe(Float64Array.of(5, 5, 5))).toBe(0);
  });
});

describe('interval methods', () => {
  it('are the eight the coverage benchmark compares, each giving an interval around the estimate', () => {
    expect(INTERVAL_METHODS).toEqual(['percentile', 'bca', 'expanded-bca', 't-bootstrap-se', 't-jackknife', 't-max-se', 'calibrated-t', 'studentized']);
    for (const method of INTERVAL_METHODS) {
      const [low, high] = intervalFrom(method, { ...input, studentized: oneToN(20).map((x) => x - 10.5) });
      expect(low, method).toBeLessThan(10);
      expect(high, method).toBeGreaterThan(10);
    }
  });


  it('percentile: the type-7 quantiles of the replicates at α/2 and 1 − α/2', () => {
    // 20 replicates 1…20: index 19 · 0.05 = 0.95 → 1.95; 19 · 0.95 = 18.05 → 19.05
    const [low, high] = intervalFrom('percentile', input);
    expect(low).toBeCloseTo(1.95, 12);
    expect(high).toBeCloseTo(19.05, 12);
  });

  it('t-bootstrap-se: estimate ± t(n − 1) · SD of the replicates · √(n/(n − 1))', () => {
    const half = t95of3 * Math.sqrt(35) * Math.sqrt(4 / 3); // the SD of 1…20 is √35
    expect(t95of3).toBeCloseTo(2.3534, 4);
    const [low, high] = intervalFrom('t-bootstrap-se', input);
    expect(low).toBeCloseTo(10 - half, 9);
    expect(high).toBeCloseTo(10 + half, 9);
  });

  it('t-jackknife: estimate ± t(n − 1) · jackknife SE', () => {
    const half = t95of3 * Math.sqrt(3.75);
    expect(intervalFrom('t-jackknife', input)).toEqual([expect.closeTo(10 - half, 9), expect.closeTo(10 + half, 9)]);
  });

  it('t-max-se: the larger of the two standard errors, whichever it is', () => {
    const bootstrapHalf = t95of3 * Math.sqrt(35) * Math.sqrt(4 / 3);
    expect(intervalFrom('t-max-se', input)).toEqual([expect.closeTo(10 - bootstrapHalf, 9), expect.closeTo(10 + bootstrapHalf, 9)]);
    // jackknife 0, 10, 20, 30: SE √(3/4 · 500) = √375 > √35 · √(4/3)
    const spread = { ...input, jackknife: Float64Array.of(0, 10, 20, 30) };
    const jackknifeHalf = t95of3 * Math.sqrt(375);
    expect(intervalFrom('t-max-se', spread)).toEqual([expect.closeTo(10 - jackknifeHalf, 9), expect.closeTo(10 + jackknifeHalf, 9)]);
  });

  it('calibrated-t: t-max-se with the SE times the calibration factor', () => {
    expect(CALIBRATION_FACTOR).toBe(1.1);
    const half = 1.1 * t95of3 * Math.sqrt(35) * Math.sqrt(4 / 3);
    expect(intervalFrom('calibrated-t', input)).toEqual([expect.closeTo(10 - half, 9), expect.closeTo(10 + half, 9)]);
    const at95 = intervalFrom('calibrated-t', { ...input, confidence: 0.95 });
    expect(at95[1] - 10).toBeCloseTo(1.1 * studentTQuantile(0.975, 3) * Math.sqrt(35) * Math.sqrt(4 / 3), 9);
  });

  it('studentized: estimate − the studentized quantiles (upper for the low end) × jackknife SE', () => {
    // studentized replicates −4 … 15: type-7 quantiles at 0.05 and 0.95 are −3.05 and 14.05
    const studentized = Float64Array.from({ length: 20 }, (_, i) => 15 - i);
    const se = Math.sqrt(3.75);
    const [low, high] = intervalFrom('studentized', { ...input, studentized });
    expect(low).toBeCloseTo(10 - 14.05 * se, 9);
    expect(high).toBeCloseTo(10 + 3.05 * se, 9);
    expect(() => intervalFrom('studentized', input)).toThrow(/needs studentized replicates/);
  });

  it('studentized: reads past draws whose own SE was 0 (±∞), and is unknown, not NaN, where its quantile reaches one', () => {
    const studentized = Float64Array.from([Infinity, ...Array.from({ length: 38 }, (_, i) => i + 1), -Infinity]);
    const se = Math.sqrt(3.75);
    // 40 values: type-7 indexes 1.95 and 37.05 fall between finite ones
    const [low, high] = intervalFrom('studentized', { ...input, studentized });
    expect(low).toBeCloseTo(10 - 37.05 * se, 9);
    expect(high).toBeCloseTo(10 - 1.95 * se, 9);
    // at 98% they fall between an infinite value and a finite one: the interval is unknown
    expect(intervalFrom('studentized', { ...input, studentized, confidence: 0.98 })).toEqual([-Infinity, Infinity]);
  });

  describe('BCa (200 replicates 1…200, estimate 90.3: 45% below, z₀ = −0.1257)', () => {
    const bcaInput = { estimate: 90.3, replicates: oneToN(200), jackknife: Float64Array.of(1, 2, 3, 10), confidence: 0.9 };

    it('shifts and skews the percentile interval by the bias and the jackknife acceleration (a = −0.0849)', () => {
      const [low, high] = intervalFrom('bca', bcaInput);
      expect(low).toBeCloseTo(3.70255, 3);
      expect(high).toBeCloseTo(177.86691, 3);
    });

    it('with a symmetric jackknife (a = 0) only corrects for bias', () => {
      const [low, high] = intervalFrom('bca', { ...bcaInput, jackknife: evenJackknife });
      expect(low).toBeCloseTo(6.76470, 3);
      expect(high).toBeCloseTo(183.73580, 3);
    });

    it('has no acceleration when the jackknife values are all equal', () => {
      const [low, high] = intervalFrom('bca', { ...bcaInput, jackknife: Float64Array.of(5, 5, 5, 5) });
      expect(low).toBeCloseTo(6.76470, 3);
      expect(high).toBeCloseTo(183.73580, 3);
    });

    it('counts a replicate equal to the estimate as half below', () => {
      const [low, high] = intervalFrom('bca', { ...bcaInput, estimate: 90, jackknife: evenJackknife });
      expect(low).toBeCloseTo(6.60047, 3);
      expect(high).toBeCloseTo(183.35248, 3);
    });

    it('expanded-bca: BCa with z widened to √(n/(n − 1)) · t(n − 1)', () => {
      const [low, high] = intervalFrom('expanded-bca', bcaInput);
      expect(low).toBeCloseTo(1.01071, 3);
      expect(high).toBeCloseTo(195.46068, 3);
    });

    it('falls back to the plain tail where a large acceleration would flip the correction', () => {
      // 2000 replicates all below the estimate (z₀ at its clamp, Φ⁻¹(1 − 0.5/2000)), a = 0.158, 99.9%
      const extreme = { estimate: 5000, replicates: oneToN(2000), jackknife: Float64Array.from({ length: 30 }, (_, i) => (i < 29 ? 100 : 0)), confidence: 0.999 };
      const [low, high] = intervalFrom('bca', extreme);
      expect(high).toBeCloseTo(1999.0005, 2);
      expect(low).toBeCloseTo(1999.764, 2);
    });
  });
});
