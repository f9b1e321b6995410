import { describe, expect, it } from 'vitest';
import { DEFAULT_REGRESSION } from '../config/schema.js';
import { compareRecords } from './compare.js';
import { fabricateRecord } from '../testing/fabricate-record.js';

// Each current run carries a +30 µs change, below the 50 µs that matters: on a disturbed machine
// it cannot be told from the disturbance, so it must say noisy. Nor can a large one on a night that
// alone was disturbed. When both runs were disturbed the noise is the machine's usual state, and a
// change that clears the minimum effect even at the low end of its interval is judged (issue 12 §3).
const baseline = fabricateRecord({ seed: 31, samplesPerTrial: 500 });
const compare = (current: ReturnType<typeof fabricateRecord>) => compareRecords(baseline, current, { regression: DEFAULT_REGRESSION, permutations: 1000 });

describe('a run on a disturbed machine', () => {
  it('is noisy, not a regression, when CPU steal was high', () => {
    const c = compare(fabricateRecord({ seed: 32, samplesPerTrial: 500, extraMeshUs: 30, probes: { dedicated: { stealPctMean: 12, stealPctMax: 40, cpuPressurePct: 3, throttledPct: 0 } } }));
    expect(c.rows.map((r) => r.verdict)).toEqual(['noisy', 'noisy', 'noisy']);
    expect(c.verdict).toBe('noisy');
    expect(c.rows[0]!.noise).toEqual(['current: mean CPU steal 12% > 5%', 'current: peak CPU steal 40% > 20%']);
  });

  it('is noisy when the load generator lagged its schedule all run', () => {
    const c = compare(fabricateRecord({ seed: 33, samplesPerTrial: 500, extraMeshUs: 30, scheduleLagP99Us: 3500 }));
    expect(c.rows.every((r) => r.verdict === 'noisy')).toBe(true);
    expect(c.rows[0]!.noise[0]).toMatch(/load generator lag: median schedule-lag p99 3500 µs > 2000 µs/);
  });

  it('is noisy when more than 10% of its trials were invalid', () => {
    const invalid = [0, 1, 2, 3, 4].map((round) => ({ round, variant: 'mesh' as const, slot: 1 as const }));
    const c = compare(fabricateRecord({ seed: 34, samplesPerTrial: 500, extraMeshUs: 30, invalid }));
    expect(c.rows.every((r) => r.verdict === 'noisy')).toBe(true);
    expect(c.rows[0]!.noise[0]).toBe('current: 5 of 40 trials invalid (12.5% > 10%)');
  });

  it('is noisy when the baseline was the disturbed one', () => {
    const noisyBaseline = fabricateRecord({ seed: 35, samplesPerTrial: 500, probes: { dedicated: { cpuPressurePct: 65 } } });
    const c = compareRecords(noisyBaseline, fabricateRecord({ seed: 36, samplesPerTrial: 500, extraMeshUs: 30 }), { regression: DEFAULT_REGRESSION, permutations: 1000 });
    expect(c.rows.every((r) => r.verdict === 'noisy')).toBe(true);
    expect(c.rows[0]!.noise).toEqual(['baseline: CPU pressure (PSI some) 65% > 50%']);
  });

  const steal = { dedicated: { stealPctMean: 12, stealPctMax: 40, cpuPressurePct: 3, throttledPct: 0 } };

  it('is noisy, even with a change far past the minimum effect, when only one of the runs was disturbed', () => {
    const c = compare(fabricateRecord({ seed: 32, samplesPerTrial: 500, extraMeshUs: 400, probes: steal }));
    const p50 = c.rows.find((r) => r.percentile === 50)!;
    expect(p50.changeCiUs[0]!).toBeGreaterThan(p50.minEffectUs);
    expect(p50.verdict, p50.reason).toBe('noisy');
    expect(p50.reason).toMatch(/^the machine was disturbed during one of the runs, and is not usually/);
  });

  it('when both runs were disturbed, still calls a regression that clears the minimum effect at the low end of its interval', () => {
    const noisyBaseline = fabricateRecord({ seed: 31, samplesPerTrial: 500, probes: steal });
    const c = compareRecords(noisyBaseline, fabricateRecord({ seed: 32, samplesPerTrial: 500, extraMeshUs: 400, probes: steal }), { regression: DEFAULT_REGRESSION, permutations: 1000 });
    const p50 = c.rows.find((r) => r.percentile === 50)!;
    expect(p50.verdict, p50.reason).toBe('regression');
    expect(p50.changeCiUs[0]!).toBeGreaterThan(p50.minEffectUs);
    expect(p50.reason).toMatch(/the machine is usually disturbed, and the change clears/);
  });

  it('with a history, it is the recent nights that say whether disturbance is usual, not the two runs', () => {
    const noisyBaseline = fabricateRecord({ seed: 31, samplesPerTrial: 500, probes: steal });
    const noisyCurrent = fabricateRecord({ seed: 32, samplesPerTrial: 500, extraMeshUs: 400, probes: steal });
    const judged = (a: typeof noisyBaseline, b: typeof noisyCurrent, disturbed: number) =>
      compareRecords(a, b, { regression: DEFAULT_REGRESSION, permutations: 1000, usualNoise: () => ({ nights: 8, disturbed }) }).rows.find((r) => r.percentile === 50)!;
    // two disturbed runs in a row on a machine that is usually quiet: noisy
    expect(judged(noisyBaseline, noisyCurrent, 3).verdict).toBe('noisy');
    // one disturbed run on a machine disturbed on half the nights: judged
    expect(judged(baseline, noisyCurrent, 4).verdict).toBe('regression');
    // too few nights to say: the two runs decide
    const fewNights = compareRecords(noisyBaseline, noisyCurrent, { regression: DEFAULT_REGRESSION, permutations: 1000, usualNoise: () => ({ nights: 4, disturbed: 0 }) });
    expect(fewNights.rows.find((r) => r.percentile === 50)!.verdict).toBe('regression');
  });

  it('on shared-core, counts steal but not the throttling that profile causes by design', () => {
    const probes = { 'shared-core': { stealPctMean: 1, stealPctMax: 4, cpuPressurePct: 60, throttledPct: 55 } };
    const a = fabricateRecord({ seed: 37, samplesPerTrial: 500, profiles: ['shared-core'], probes });
    const b = fabricateRecord({ seed: 38, samplesPerTrial: 500, profiles: ['shared-core'], probes, extraMeshUs: 150 });
    const c = compareRecords(a, b, { regression: DEFAULT_REGRESSION, permutations: 1000 });
    expect(c.rows.every((r) => r.verdict === 'regression')).toBe(true);
  });
});
