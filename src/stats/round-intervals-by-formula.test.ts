import { describe, expect, it } from 'vitest';
import { studentTQuantile } from './distributions.js';
import { CALIBRATION_FACTOR, intervalFrom, jackknifeSe } from './interval.js';
import { MergedTax } from './merged-tax.js';
import { DEFAULT_INTERVAL_METHOD, MIN_ROUNDS_FOR_INTERVAL, roundIntervals, taxStandardErrors } from './round-intervals.js';
import { spectrumFromCounts } from './spectrum.js';

// The tax's interval and standard error from resampled rounds, by their stated formulas, on six
// hand-made rounds (one request per side each) whose jackknife is known.
const round = (r: number, baselineUs: number, meshUs: number) => ({ round: r, baseline: spectrumFromCounts([[baselineUs, 1]]), mesh: spectrumFromCounts([[meshUs, 1]]) });
const six = new MergedTax([round(0, 100, 300), round(1, 110, 330), round(2, 120, 360), round(3, 105, 340), round(4, 115, 310), round(5, 125, 370)], [50, 100]);
const settings = { confidence: 0.95, resamples: 400, seed: 3 };

function sd(xs: Float64Array): number {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
}

describe('the tax’s standard error', () => {
  it('is 1.1 × the larger of the round bootstrap’s SD × √(n/(n − 1)) and the jackknife SE', () => {
    const replicates = six.bootstrapTaxes(400, 3);
    const jackknife = six.jackknifeTaxes();
    const expected = [0, 1].map((k) => CALIBRATION_FACTOR * Math.max(sd(replicates[k]!) * Math.sqrt(6 / 5), jackknifeSe(jackknife[k]!)));
    const se = taxStandardErrors(six, settings);
    expect(se[0]).toBeCloseTo(expected[0]!, 9);
    expect(se[1]).toBeCloseTo(expected[1]!, 9);
    expect(se[0]).toBeGreaterThan(0);
  });

  it('is the half-width of the default interval over t(n − 1)', () => {
    expect(DEFAULT_INTERVAL_METHOD).toBe('calibrated-t');
    const [ci] = roundIntervals(six, { ...settings, method: DEFAULT_INTERVAL_METHOD });
    const se = taxStandardErrors(six, settings)[0]!;
    expect((ci![1] - ci![0]) / 2).toBeCloseTo(studentTQuantile(0.975, 5) * se, 9);
  });

  it('is unknown below 5 rounds', () => {
    expect(MIN_ROUNDS_FOR_INTERVAL).toBe(5);
    const four = new MergedTax(six.rounds.slice(0, 4), [50, 100]);
    expect(taxStandardErrors(four, settings).every(Number.isNaN)).toBe(true);
    expect(taxStandardErrors(new MergedTax(six.rounds.slice(0, 5), [50]), settings)[0]).toBeGreaterThan(0);
  });
});

describe('round intervals', () => {
  it('use the method asked for, each percentile from its own replicates', () => {
    const estimate = six.figures().taxUs;
    const replicates = six.bootstrapTaxes(400, 3);
    const jackknife = six.jackknifeTaxes();
    const percentile = roundIntervals(six, { ...settings, method: 'percentile' });
    for (const k of [0, 1]) expect(percentile[k]).toEqual(intervalFrom('percentile', { estimate: estimate[k]!, replicates: replicates[k]!, jackknife: jackknife[k]!, confidence: 0.95 }));
    expect(percentile[0]).not.toEqual(percentile[1]);
  });

  it('studentize with draws of their own (the seed changed), not the plain bootstrap’s', () => {
    // rounds of 20 requests a side, so a draw's own jackknife SE is rarely 0
    const spread = (r: number, baseUs: number) => spectrumFromCounts(Array.from({ length: 20 }, (_, i) => [baseUs + 7 * r + 3 * i + (i * r) % 5, 1] as const));
    const rich = new MergedTax([0, 1, 2, 3, 4, 5].map((r) => ({ round: r, baseline: spread(r, 100), mesh: spread((r * 2) % 6, 350) })), [50]);
    const estimate = rich.figures().taxUs;
    const input = { estimate: estimate[0]!, replicates: rich.bootstrapTaxes(400, 3)[0]!, jackknife: rich.jackknifeTaxes()[0]!, confidence: 0.95 };
    const [ci] = roundIntervals(rich, { ...settings, method: 'studentized' });
    expect(ci!.every(Number.isFinite)).toBe(true);
    expect(ci).toEqual(intervalFrom('studentized', { ...input, studentized: rich.studentizedTaxes(400, 3 ^ 0x5717, estimate)[0]! }));
    expect(ci).not.toEqual(intervalFrom('studentized', { ...input, studentized: rich.studentizedTaxes(400, 3, estimate)[0]! }));
  });

  it('are unknown, not NaN, where many studentized draws are infinite (a draw whose own SE is 0)', () => {
    // one request a side per round: many draws' leave-one-out taxes are all equal
    const [p50, p100] = roundIntervals(six, { ...settings, method: 'studentized' });
    for (const ci of [p50!, p100!]) expect(ci.some(Number.isNaN)).toBe(false);
    expect(p50).toEqual([-Infinity, Infinity]);
  });
});
