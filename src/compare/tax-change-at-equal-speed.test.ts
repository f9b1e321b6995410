/**
 * The change between two runs taken at equal machine speed, checked against values computed
 * independently (Python: numpy least squares, scipy.stats.t, Welch–Satterthwaite by formula):
 *   nights: taxes 600 640 580 620 610 650 590 630 at speeds 180 200 170 190 185 210 175 195
 *   → slope 1.8245614, residual variance 8.1871345 (6 df), Sxx 1246.875
 *   baseline 600 ± 10 (10 rounds) at speed 180, current 680 ± 12 (12 rounds) at speed 200,
 *   τ about the line 2 µs: adjustment +36.491228, change +43.508772, variance 254.626449,
 *   df 21.503864, 95% CI [+10.371616, +76.645928], p 0.0124741
 *   the same runs without the line (τ 20, 8 nights): df 11.542903, CI [+9.289962, +150.710038], p 0.0298775
 */
import { describe, expect, it } from 'vitest';
import { taxChange, type RunToRun } from './merged-change.js';
import { fitNightsLine } from './nights-speed-line.js';
import { fitSpeed, speedReach, withinReach } from './speed-fit.js';

const taxes = [600, 640, 580, 620, 610, 650, 590, 630];
const speeds = [180, 200, 170, 190, 185, 210, 175, 195];
const fit = fitSpeed(taxes.map((taxUs, i) => ({ taxUs, speedUs: speeds[i]! })))!;
// the nights' own SEs leave τ = 2 about the line and τ = 20 in the plain spread
const typicalSeUs = Math.sqrt(fit.residualVariance - 2 ** 2);
// each night as precise as the typical one: the weighted line is the least-squares one
const line = fitNightsLine(taxes.map((taxUs, i) => ({ taxUs, speedUs: speeds[i]!, seUs: typicalSeUs })))!;
const runToRun: RunToRun = { spreadUs: Math.sqrt(20 ** 2 + typicalSeUs ** 2), typicalSeUs, nights: 8, speed: line };
const baseline = { taxUs: 600, seUs: 10, rounds: 10, speedUs: 180 };
const current = { taxUs: 680, seUs: 12, rounds: 12, speedUs: 200 };

describe('the speed line of past nights', () => {
  it('is the least-squares line of tax on baseline p50, with its residual variance on n − 2 df', () => {
    expect(fit.slope).toBeCloseTo(1.8245614, 6);
    expect(fit.residualVariance).toBeCloseTo(8.1871345, 6);
    expect(fit.sxx).toBeCloseTo(1246.875, 9);
    expect([fit.lowSpeedUs, fit.highSpeedUs]).toEqual([170, 210]);
  });

  it('reaches half its range past either end, no further', () => {
    expect(speedReach(fit)).toEqual([150, 230]);
    expect([149.9, 150, 230, 230.1].map((s) => withinReach(fit, s))).toEqual([false, true, true, false]);
  });

  it('is a line from three nights on (one degree of freedom left), none for fewer or a single speed', () => {
    // by hand: speeds 1 2 3, taxes 1 3 2 → slope 0.5, residuals −0.5 1 −0.5, variance 1.5 / 1
    expect(fitSpeed([{ taxUs: 1, speedUs: 1 }, { taxUs: 3, speedUs: 2 }, { taxUs: 2, speedUs: 3 }])).toMatchObject({ nights: 3, slope: 0.5, residualVariance: 1.5, meanTaxUs: 2, meanSpeedUs: 2 });
    expect(fitSpeed([{ taxUs: 1, speedUs: 1 }, { taxUs: 2, speedUs: 2 }])).toBeNull();
    expect(fitSpeed(taxes.map((taxUs) => ({ taxUs, speedUs: 190 })))).toBeNull();
  });
});

describe('the change between two runs at equal speed', () => {
  it('takes out what the speeds explain, and adds the slope\'s uncertainty to the run level', () => {
    const c = taxChange(baseline, current, runToRun, 0.95);
    expect(c.speedAdjustmentUs).toBeCloseTo(36.491228, 5);
    expect(c.changeUs).toBeCloseTo(43.508772, 5);
    expect(c.df).toBeCloseTo(21.503864, 4);
    expect(c.ciUs[0]).toBeCloseTo(10.371616, 4);
    expect(c.ciUs[1]).toBeCloseTo(76.645928, 4);
    expect(c.pValue).toBeCloseTo(0.0124741, 6);
  });

  it('is the plain change, with the plain run-to-run SD, when a run is out of the line\'s reach or a speed is unknown', () => {
    for (const [a, b] of [
      [baseline, { ...current, speedUs: 240 }],
      [{ ...baseline, speedUs: 140 }, current],
      [{ ...baseline, speedUs: null }, current],
      [baseline, { ...current, speedUs: undefined }],
    ] as const) {
      const c = taxChange(a, b, runToRun, 0.95);
      expect(c.speedAdjustmentUs).toBeNull();
      expect(c.changeUs).toBe(b.taxUs - a.taxUs);
    }
    const plain = taxChange(baseline, current, { ...runToRun, speed: null }, 0.95);
    expect(plain).toMatchObject({ changeUs: 80, speedAdjustmentUs: null });
    expect(plain.df).toBeCloseTo(11.542903, 4);
    expect(plain.ciUs[0]).toBeCloseTo(9.289962, 4);
    expect(plain.ciUs[1]).toBeCloseTo(150.710038, 4);
    expect(plain.pValue).toBeCloseTo(0.0298775, 6);
  });

  it('two runs at the same speed need no adjustment, but still carry the line\'s run-to-run SD', () => {
    const c = taxChange(baseline, { ...current, speedUs: 180 }, runToRun, 0.95);
    expect(c.speedAdjustmentUs).toBe(0);
    expect(c.changeUs).toBe(80);
    // 100 + 144 + 2·2², no slope term
    expect((c.ciUs[1] - c.ciUs[0]) / 2).toBeGreaterThan(Math.sqrt(252) * 2);
    expect((c.ciUs[1] - c.ciUs[0]) / 2).toBeLessThan(Math.sqrt(252) * 2.1);
  });
});
