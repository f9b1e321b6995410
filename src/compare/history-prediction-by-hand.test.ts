/**
 * The prediction of tonight's tax from past nights, checked against values computed independently
 * (Python: scipy.stats.t and numpy.polyfit, the textbook prediction interval of a new observation):
 *   taxes 600 640 580 620 610 650 590 630, tonight 700, 99%
 *   mean: predicted 615, SD 25.9808, t(7) 3.49948, CI [−5.919, +175.919], p 0.013643
 *   speeds 180 200 170 190 185 210 175 195, tonight's 188: slope 1.824561, predicted 614.7719,
 *   SD 3.034902, t(6), CI [+73.976, +96.480], p 1.349e−7
 *   nights' SE 10 each, tonight's 30 over 6 rounds: excess 800 µs², SD 38.405729, Welch–Satterthwaite
 *   df 11.26746, CI [−33.714, +203.714]
 */
import { describe, expect, it } from 'vitest';
import { predictTonight, type Night } from './history-prediction.js';

const taxes = [600, 640, 580, 620, 610, 650, 590, 630];
const speeds = [180, 200, 170, 190, 185, 210, 175, 195];

describe('predictTonight', () => {
  it('without speeds: the mean of the nights and the prediction interval of a new night', () => {
    const nights: Night[] = taxes.map((taxUs) => ({ taxUs, speedUs: null }));
    const p = predictTonight(nights, { taxUs: 700, speedUs: null }, 0.99)!;
    expect(p.method).toBe('nights-mean');
    expect(p.predictedTaxUs).toBeCloseTo(615, 9);
    expect(p.sdUs).toBeCloseTo(25.980762, 5);
    expect(p.df).toBe(7);
    expect(p.ciUs[0]).toBeCloseTo(-5.919243, 3);
    expect(p.ciUs[1]).toBeCloseTo(175.919243, 3);
    expect(p.pValue).toBeCloseTo(0.0136432, 4);
    expect(p.note).toMatch(/a night without its baseline p50/);
  });

  it('with speeds: the fitted line at tonight\'s speed, one degree of freedom spent on the slope', () => {
    const nights: Night[] = taxes.map((taxUs, i) => ({ taxUs, speedUs: speeds[i]! }));
    const p = predictTonight(nights, { taxUs: 700, speedUs: 188 }, 0.99)!;
    expect(p.method).toBe('speed-adjusted');
    expect(p.predictedTaxUs).toBeCloseTo(614.77193, 4);
    expect(p.sdUs).toBeCloseTo(3.034902, 5);
    expect(p.df).toBe(6);
    expect(p.ciUs[0]).toBeCloseTo(73.97639, 3);
    expect(p.ciUs[1]).toBeCloseTo(96.47975, 3);
    expect(p.pValue).toBeLessThan(1e-6);
    expect(p.pValue).toBeGreaterThan(1e-8);
    expect(p.note).toBeNull();
  });

  it('a speed far outside the nights\' range is not adjusted for: it may be the app that changed', () => {
    const nights: Night[] = taxes.map((taxUs, i) => ({ taxUs, speedUs: speeds[i]! }));
    const p = predictTonight(nights, { taxUs: 700, speedUs: 260 }, 0.99)!;
    expect(p.method).toBe('nights-mean');
    expect(p.predictedTaxUs).toBeCloseTo(615, 9);
    expect(p.note).toMatch(/260 µs, lies outside the 150–230 µs the nights' 170–210 µs reach/);
  });

  it('too few nights for the slope: the mean; too few for anything: no prediction', () => {
    const seven: Night[] = taxes.slice(0, 7).map((taxUs, i) => ({ taxUs, speedUs: speeds[i]! }));
    expect(predictTonight(seven, { taxUs: 700, speedUs: 188 }, 0.99)!.method).toBe('nights-mean');
    expect(predictTonight(seven.slice(0, 4), { taxUs: 700, speedUs: 188 }, 0.99)).toBeNull();
    expect(predictTonight(seven.slice(0, 5), { taxUs: 700, speedUs: 188 }, 0.99)?.df).toBe(4);
  });

  it('a night noisier than the nights widens its own interval by the excess of its variance', () => {
    const nights: Night[] = taxes.map((taxUs) => ({ taxUs, speedUs: null, seUs: 10, rounds: 8 }));
    const p = predictTonight(nights, { taxUs: 700, speedUs: null, seUs: 30, rounds: 6 }, 0.99)!;
    expect(p.sdUs).toBeCloseTo(38.405729, 5);
    expect(p.df).toBeCloseTo(11.267456, 5);
    expect(p.ciUs[0]).toBeCloseTo(-33.714241, 3);
    expect(p.ciUs[1]).toBeCloseTo(203.714241, 3);
    const asPrecise = predictTonight(nights, { taxUs: 700, speedUs: null, seUs: 8, rounds: 6 }, 0.99)!;
    expect(asPrecise.sdUs).toBeCloseTo(25.980762, 5);
  });
});
