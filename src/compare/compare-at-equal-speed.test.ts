/**
 * compareRecords with a history that has a speed line: the row takes the change at equal speed
 * and says so, and whether disturbance is usual is asked per row. Real (fabricated) histograms;
 * the line and the spread by hand, so the adjustment is slope · Δ(baseline p50) exactly.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_REGRESSION } from '../config/schema.js';
import { fabricateRecord } from '../testing/fabricate-record.js';
import { compareRecords } from './compare.js';
import type { RunToRun } from './merged-change.js';
import { fitNightsLine } from './nights-speed-line.js';
import { fitSpeed } from './speed-fit.js';

const slow = fabricateRecord({ seed: 41, samplesPerTrial: 400, baselineMinUs: 200 });
const fast = fabricateRecord({ seed: 42, samplesPerTrial: 400, baselineMinUs: 150 });
const p50Speed = (r: typeof slow) => r.summary.find((x) => x.percentile === 50)!.baselineUs!;
/** Nights 2 µs of tax per µs of baseline p50, over speeds that reach both runs. */
const lo = Math.min(p50Speed(slow), p50Speed(fast)) - 5;
const hi = Math.max(p50Speed(slow), p50Speed(fast)) + 5;
const points = [lo, (lo + hi) / 2, hi, lo + 1, hi - 1].map((speedUs, i) => ({ speedUs, taxUs: 300 + 2 * speedUs + (i % 2 ? 3 : -3), seUs: 1e-4 }));
/** Nights (almost) exact: the weighted line is the least-squares one, τ² its residual variance. */
const fit = fitSpeed(points)!;
const line = fitNightsLine(points)!;
const runToRun = (): RunToRun => ({ spreadUs: 40, typicalSeUs: 0, nights: 8, speed: line });

describe('compare at equal machine speed', () => {
  it('takes out slope · Δ baseline p50, says so with its sign, and reports the SD about the line', () => {
    const c = compareRecords(fast, slow, { regression: DEFAULT_REGRESSION, runToRun, permutations: 200 });
    const p50 = c.rows.find((r) => r.percentile === 50)!;
    const delta = p50Speed(slow) - p50Speed(fast);
    expect(delta).toBeGreaterThan(20);
    expect(p50.speedAdjustmentUs).toBeCloseTo(fit.slope * delta, 9);
    expect(p50.changeUs).toBeCloseTo(p50.currentTaxUs! - p50.baselineTaxUs! - fit.slope * delta, 9);
    expect(p50.runToRunSdUs).toBeCloseTo(Math.sqrt(fit.residualVariance), 6);
    expect(p50.runToRunSdUs).toBeLessThan(10);
    expect(p50.reason).toContain(`(taken at equal speed: the baseline p50 went ${Math.round(p50Speed(fast))} → ${Math.round(p50Speed(slow))} µs, which the nights' speed line says is +${Math.round(fit.slope * delta)} µs of tax)`);
    const back = compareRecords(slow, fast, { regression: DEFAULT_REGRESSION, runToRun, permutations: 200 }).rows.find((r) => r.percentile === 50)!;
    expect(back.reason).toContain(`which the nights' speed line says is −${Math.round(fit.slope * delta)} µs of tax)`);
  });

  it('without a line that reaches both runs: the plain change and the plain SD, nothing said about speed', () => {
    const c = compareRecords(fast, slow, { regression: DEFAULT_REGRESSION, runToRun: () => ({ spreadUs: 40, typicalSeUs: 0, nights: 8, speed: null }), permutations: 200 });
    const p50 = c.rows.find((r) => r.percentile === 50)!;
    expect(p50).toMatchObject({ speedAdjustmentUs: null, runToRunSdUs: 40 });
    expect(p50.changeUs).toBeCloseTo(p50.currentTaxUs! - p50.baselineTaxUs!, 9);
    expect(p50.reason).not.toContain('equal speed');
  });

  it('asks whether disturbance is usual row by row, from five nights on', () => {
    const steal = { dedicated: { stealPctMean: 12, stealPctMax: 40, cpuPressurePct: 3, throttledPct: 0 } };
    const quietBaseline = fabricateRecord({ seed: 43, samplesPerTrial: 400 });
    const noisyCurrent = fabricateRecord({ seed: 44, samplesPerTrial: 400, extraMeshUs: 400, probes: steal });
    const usual = (nights: number) => (row: { percentile: number }) => ({ nights, disturbed: row.percentile === 50 ? nights : 0 });
    const rows = compareRecords(quietBaseline, noisyCurrent, { regression: DEFAULT_REGRESSION, usualNoise: usual(5), permutations: 200 }).rows;
    expect(rows.find((r) => r.percentile === 50)!.verdict).toBe('regression');
    expect(rows.filter((r) => r.percentile !== 50).every((r) => r.verdict === 'noisy')).toBe(true);
    // four nights are too few to say: the two runs decide, and only one was disturbed
    const few = compareRecords(quietBaseline, noisyCurrent, { regression: DEFAULT_REGRESSION, usualNoise: usual(4), permutations: 200 }).rows;
    expect(few.every((r) => r.verdict === 'noisy')).toBe(true);
  });
});
