/**
 * The weighted speed line of the nights, against PyMARE 0.0.13 (DerSimonianLaird().fit_dataset with
 * y = tax, v = SE², X = speed): twelve nights, eight quiet ones on a shallow line with SEs of
 * 30–45 µs and four with stalls — slower machine, taxes far up, SEs of 500–800 µs.
 *   as they are: τ² 0, slope 3.15095691, Q 8.57694951 (10 df), the slope's variance 0.534887090
 *   the quiet nights scattered more: τ² 3311.56887067, slope 4.82911907, Q 26.31613865
 * The slope's variance (XᵀW*X)⁻¹ at w* = 1/(SE² + τ²) by numpy: 0.623633251 and 2.36264066. PyMARE
 * reports it times Q* ÷ (n − 2) (the residual dispersion at w*); with τ² = 0 that is the dispersion
 * below 1 by which the line scales it too, so the first matches PyMARE's.
 * The unweighted line through the same nights (numpy polyfit): slope 18.9371508.
 */
import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../record/index.js';
import { studentTQuantile } from '../stats/index.js';
import { runToRunSpread } from './history.js';
import { taxChange } from './merged-change.js';
import { fitNightsLine } from './nights-speed-line.js';
import { fitSpeed } from './speed-fit.js';

const speeds = [160, 170, 175, 180, 185, 190, 200, 210, 215, 220, 225, 230];
const ses = [30, 40, 35, 30, 45, 30, 40, 35, 600, 700, 500, 800];
const stalled = [1650, 2100, 1400, 2300];
const nights = (quiet: number[]) => [...quiet, ...stalled].map((taxUs, i) => ({ taxUs, speedUs: speeds[i]!, seUs: ses[i]! }));
const agreeing = nights([780, 800, 845, 830, 850, 890, 880, 930]);
const scattered = nights([700, 860, 845, 760, 900, 890, 820, 990]);

describe('the nights\' speed line, each night weighted by its SE', () => {
  it('takes its slope from the precise nights, not the stalled ones (DerSimonian–Laird, as PyMARE)', () => {
    const line = fitNightsLine(agreeing)!;
    expect(line.offsetVariance).toBe(0);
    expect(line.slope).toBeCloseTo(3.15095691, 6);
    expect(line.dispersion).toBeCloseTo(8.57694951 / 10, 7);
    // below 1 the dispersion scales the slope's variance too (the equal-SE rule: s²/Sxx)
    expect(line.slopeVariance).toBeCloseTo(0.623633251 * (8.57694951 / 10), 7);
    expect(line.slopeVariance).toBeCloseTo(0.53488709, 7);
    expect(fitSpeed(agreeing)!.slope).toBeCloseTo(18.9371508, 6);
    expect([line.lowSpeedUs, line.highSpeedUs, line.nights]).toEqual([160, 230, 12]);
  });

  it('leaves the offsets\' variance τ² beyond the SEs, and weights by SE² + τ²', () => {
    const line = fitNightsLine(scattered)!;
    expect(line.offsetVariance).toBeCloseTo(3311.56887067, 4);
    expect(line.slope).toBeCloseTo(4.82911907, 6);
    expect(line.slopeVariance).toBeCloseTo(2.36264066, 6);
    expect(line.dispersion).toBeCloseTo(26.31613865 / 10, 7);
  });

  it('with equal SEs is the unweighted rule: τ² = s² − SE², slope variance s²/Sxx, dispersion s²/SE²', () => {
    const points = [600, 640, 580, 620, 610, 650, 590, 630].map((taxUs, i) => ({ taxUs, speedUs: [180, 200, 170, 190, 185, 210, 175, 195][i]!, seUs: 2 }));
    const ols = fitSpeed(points)!;
    const line = fitNightsLine(points)!;
    expect(line.slope).toBeCloseTo(ols.slope, 9);
    expect(line.offsetVariance).toBeCloseTo(ols.residualVariance - 4, 9);
    expect(line.slopeVariance).toBeCloseTo(ols.residualVariance / ols.sxx, 9);
    expect(fitNightsLine(points.map((p) => ({ ...p, seUs: 4 })))!.dispersion).toBeCloseTo(ols.residualVariance / 16, 9);
  });

  it('scales both runs\' SEs by a dispersion below 1, never below ¼, and adds no offset (the equal-SE rule)', () => {
    const line = fitNightsLine(agreeing)!;
    const a = { taxUs: 800, seUs: 30, rounds: 28, speedUs: 180 };
    const b = { taxUs: 820, seUs: 40, rounds: 28, speedUs: 190 };
    const c = taxChange(a, b, { nights: 12, spreadUs: 0, typicalSeUs: 0, speed: line }, 0.99);
    expect(c.seScale).toBeCloseTo(0.857694951, 7);
    expect(c.runToRunSdUs).toBe(0);
    const variance = 0.857694951 * (30 ** 2 + 40 ** 2) + 10 ** 2 * line.slopeVariance;
    expect((c.ciUs[1] - c.ciUs[0]) / 2).toBeCloseTo(studentTQuantile(0.995, c.df) * Math.sqrt(variance), 6);
    // nights ten times less precise than they agree: the runs' SE² is scaled by ¼ only
    const loose = fitNightsLine(agreeing.map((p) => ({ ...p, seUs: 10 * p.seUs })))!;
    expect(loose.dispersion).toBeCloseTo(0.00857694951, 9);
    expect(taxChange(a, b, { nights: 12, spreadUs: 0, typicalSeUs: 0, speed: loose }, 0.99).seScale).toBe(0.25);
    // a dispersion of 1 or more is no scale
    expect(taxChange(a, b, { nights: 12, spreadUs: 0, typicalSeUs: 0, speed: fitNightsLine(scattered) }, 0.99).seScale).toBe(1);
  });

  it('is a line from three nights (one degree of freedom left)', () => {
    expect(fitNightsLine(agreeing.slice(0, 3))).toMatchObject({ nights: 3 });
  });

  it('is no line for fewer than three nights, one speed, or a night without an SE', () => {
    expect(fitNightsLine(agreeing.slice(0, 2))).toBeNull();
    expect(fitNightsLine(agreeing.map((p) => ({ ...p, speedUs: 190 })))).toBeNull();
    expect(fitNightsLine(agreeing.map((p, i) => (i === 3 ? { ...p, seUs: 0 } : p)))).toBeNull();
  });

  it('does not charge two quiet runs with the stalled nights\' slope (the A/A pair the unweighted line called a regression)', () => {
    // two quiet runs, the second 21 µs faster in baseline p50 and 69 µs higher in p99 tax
    const before = { taxUs: 775, seUs: 28, rounds: 28, speedUs: 166 };
    const after = { taxUs: 844, seUs: 90, rounds: 28, speedUs: 145 };
    const spread = { nights: 12, spreadUs: 600, typicalSeUs: 400 };
    const weighted = taxChange(before, after, { ...spread, speed: fitNightsLine(agreeing) }, 0.99);
    expect(weighted.speedAdjustmentUs).toBeCloseTo(-21 * 3.15095691, 4);
    expect(weighted.ciUs[0]).toBeLessThan(0);
    // the unweighted slope would have charged it −398 µs and put the whole interval above +78
    const ols = fitSpeed(agreeing)!;
    const unweighted = taxChange(before, after, { ...spread, speed: { ...fitNightsLine(agreeing)!, slope: ols.slope, slopeVariance: ols.residualVariance / ols.sxx } }, 0.99);
    expect(unweighted.ciUs[0]).toBeGreaterThan(78);
  });

  it('is the line a history gives the pairwise comparison (runToRunSpread), from each night\'s interval', () => {
    const level = { profile: 'dedicated', rateRps: 500, newConnectionEvery: 0 };
    const history: HistoryEntry[] = agreeing.map((n, i) => {
      const half = n.seUs * studentTQuantile(0.995, 27);
      return {
        schemaVersion: 1, runId: `n${i}`, startedAt: '', scenario: 's', state: 'completed', envoyVersion: 'e', fidelity: 'full', environment: 'm', quick: false, rounds: 28, confidence: 0.99, disturbances: [],
        rows: [
          { ...level, percentile: 50, taxUs: 600, ciUs: [590, 610], rounds: 28, noisy: false, baselineUs: n.speedUs },
          { ...level, percentile: 99, taxUs: n.taxUs, ciUs: [n.taxUs - half, n.taxUs + half], rounds: 28, noisy: false, baselineUs: 2 * n.speedUs },
        ],
      };
    });
    const line = runToRunSpread(history, { ...level, percentile: 99 }, { environment: 'm', envoyVersion: 'e' })!.speed!;
    expect(line.slope).toBeCloseTo(3.15095691, 5);
    expect(line.offsetVariance).toBe(0);
  });
});
