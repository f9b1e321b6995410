/**
 * The prediction of tonight from the nights, on simulated nights with what this VM showed: each
 * night's tax = 600 µs + its run's offset (SD τ) + its rounds' noise (SE 30 µs), and a machine
 * speed (baseline p50 ~ N(190, 15) µs) that the tax follows at 2 µs per µs. Nothing changed
 * tonight: "regression" (p ≤ 1%, the interval above 0) must come at most at the stated rate;
 * the speed adjustment must make the interval narrower, not the false alarms more frequent; and a
 * 150 µs step must be seen more often with it than without.
 */
import { describe, expect, it } from 'vitest';
import { randomSource } from '../stats/testing/simulate.js';
import { predictTonight, type Night } from './history-prediction.js';

const NIGHTS = 20;
const TRIALS = 3000;
const ALPHA = 0.01;

function simulate(seed: number, followsSpeed: boolean, stepUs: number) {
  const random = randomSource(seed);
  const night = (): Night => {
    const speedUs = 190 + 15 * random.normal();
    const taxUs = 600 + (followsSpeed ? 2 * (speedUs - 190) : 0) + 25 * random.normal() + 30 * random.normal();
    return { taxUs, speedUs, seUs: 30, rounds: 8 };
  };
  let flagged = 0;
  let adjusted = 0;
  let sdSum = 0;
  let sdMeanSum = 0;
  for (let i = 0; i < TRIALS; i++) {
    const nights = Array.from({ length: NIGHTS }, night);
    const tonight = night();
    const stepped = { ...tonight, taxUs: tonight.taxUs + stepUs };
    const p = predictTonight(nights, stepped, 1 - ALPHA)!;
    if (p.pValue <= ALPHA && p.ciUs[0] > 0) flagged++;
    if (p.method === 'speed-adjusted') adjusted++;
    sdSum += p.sdUs;
    sdMeanSum += predictTonight(nights.map((n) => ({ ...n, speedUs: null })), { ...stepped, speedUs: null }, 1 - ALPHA)!.sdUs;
  }
  return { flaggedShare: flagged / TRIALS, adjustedShare: adjusted / TRIALS, sdUs: sdSum / TRIALS, sdMeanOnlyUs: sdMeanSum / TRIALS };
}


describe('tonight against 20 simulated nights with run-to-run variance', () => {
  it('nothing changed: a regression at most at the stated 1% (one-sided 0.5% plus simulation error)', () => {
    const quiet = simulate(11, true, 0);
    expect(quiet.flaggedShare).toBeLessThanOrEqual(0.01);
    const speedless = simulate(12, false, 0);
    expect(speedless.flaggedShare).toBeLessThanOrEqual(0.01);
  });

  it('the speed adjustment narrows the interval when the tax follows the speed, and a 150 µs step is seen more often', () => {
    const step = simulate(13, true, 150);
    expect(step.adjustedShare).toBeGreaterThan(0.8);
    // SD of tonight − predicted: √(25² + 30²) ≈ 39 µs with the speed taken out; ≈ 50 µs with it left in (2 × 15 µs more)
    expect(step.sdUs).toBeLessThan(44);
    expect(step.sdMeanOnlyUs).toBeGreaterThan(46);
    expect(step.flaggedShare).toBeGreaterThan(0.5);
  });
});
