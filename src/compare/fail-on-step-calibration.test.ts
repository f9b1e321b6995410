import { describe, expect, it } from 'vitest';
import { gaussian } from '../testing/synthetic-run.js';
import { stepsUp, type StepSeries } from './steps.js';

/** Nightly taxes whose noise is AR(1): each night keeps `rho` of the last night's offset. */
function ar1Series(length: number, rho: number, seed: number, sdUs = 15): number[] {
  const normal = gaussian(seed);
  let e = normal(sdUs);
  return Array.from({ length }, () => {
    e = rho * e + normal(sdUs);
    return 260 + e;
  });
}

// `meshtax history --fail-on-step` (issue 12 §4): calibrated so a history without a change fails
// the nightly job on at most FAIL_ON_STEP_ALPHA = 1% of nights, over all its series together.
const anySize = { minEffectUs: 0, minEffectPct: 0 };
const asSeries = (taxes: readonly number[]): StepSeries => ({ points: taxes.map((taxUs, i) => ({ taxUs, runId: `night-${i}` })) });
const flat = (seed: number): StepSeries => {
  const normal = gaussian(seed);
  return asSeries(Array.from({ length: 30 }, () => 260 + normal(15)));
};

describe('--fail-on-step', () => {
  it('fails few changeless histories of autocorrelated nights (3 series × 30 nights, AR(1) ρ = 0.5, any step size)', { timeout: 300_000 }, () => {
    const histories = 30;
    let failed = 0;
    for (let h = 0; h < histories; h++) {
      const series = [0, 1, 2].map((k) => asSeries(ar1Series(30, 0.5, 30_000 + 3 * h + k)));
      if (stepsUp(series, { regression: anySize, recent: 30, seed: h }).length > 0) failed++;
    }
    // at 1% about 0.3 of 30 are expected
    expect(failed).toBeLessThanOrEqual(2);
  });

  it('asks for stronger evidence the more series a history holds (the 1% is for the whole history)', () => {
    // a 25 µs step in the last 5 of 30 nights (noise SD 15 µs): permutation p ≈ 0.005, between 1%/4 and 1%
    const normal = gaussian(21);
    const stepped = asSeries(Array.from({ length: 30 }, (_, i) => 260 + normal(15) + (i >= 25 ? 25 : 0)));
    const regression = { minEffectUs: 20, minEffectPct: 0 };
    expect(stepsUp([stepped], { regression })).toEqual([expect.objectContaining({ series: 0, runId: 'night-25' })]);
    expect(stepsUp([flat(1), flat(2), stepped, flat(3)], { regression })).toEqual([]);
  });

  it('still fails on a clear recent step in one series of four, and names its first night', () => {
    const normal = gaussian(8);
    const stepped = asSeries(Array.from({ length: 30 }, (_, i) => 260 + normal(15) + (i >= 25 ? 80 : 0)));
    const steps = stepsUp([flat(1), flat(2), stepped, flat(3)], { regression: { minEffectUs: 50, minEffectPct: 10 } });
    expect(steps).toEqual([expect.objectContaining({ series: 2, runId: 'night-25' })]);
    expect(steps[0]!.changePoint.change).toBeGreaterThan(50);
  });

  it('ignores a step older than the recent nights, a step down and one below the minimum effect', () => {
    const normal = gaussian(9);
    const old = asSeries(Array.from({ length: 30 }, (_, i) => 260 + normal(15) + (i >= 12 ? 80 : 0)));
    const down = asSeries(Array.from({ length: 30 }, (_, i) => 260 + normal(15) - (i >= 25 ? 80 : 0)));
    const regression = { minEffectUs: 50, minEffectPct: 10 };
    expect(stepsUp([old], { regression, recent: 7 })).toEqual([]);
    expect(stepsUp([old], { regression, recent: 20 })).toHaveLength(1);
    expect(stepsUp([down], { regression })).toEqual([]);
    expect(stepsUp([old], { regression: { minEffectUs: 200, minEffectPct: 0 }, recent: 20 })).toEqual([]);
  });

  it('counts a step on the first of the recent nights, and searches only the window it is given', () => {
    const normal = gaussian(10);
    const stepped = asSeries(Array.from({ length: 30 }, (_, i) => 260 + normal(15) + (i >= 22 ? 80 : 0)));
    const regression = { minEffectUs: 50, minEffectPct: 10 };
    expect(stepsUp([stepped], { regression, recent: 8 })).toEqual([expect.objectContaining({ runId: 'night-22' })]);
    expect(stepsUp([stepped], { regression, recent: 7 })).toEqual([]);
    expect(stepsUp([stepped], { regression, recent: 8, window: 6 })).toEqual([]); // nights 24–29: no step inside
  });

  it('resolves its level however many series the history holds (12 series: each at 1/12 %)', () => {
    const normal = gaussian(11);
    const stepped = asSeries(Array.from({ length: 30 }, (_, i) => 260 + normal(15) + (i >= 25 ? 100 : 0)));
    const series = [...Array.from({ length: 11 }, (_, k) => flat(100 + k)), stepped];
    expect(stepsUp(series, { regression: { minEffectUs: 50, minEffectPct: 10 } })).toEqual([expect.objectContaining({ series: 11, runId: 'night-25' })]);
  });
});

