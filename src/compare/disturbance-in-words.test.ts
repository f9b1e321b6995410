import { describe, expect, it } from 'vitest';
import { DEFAULT_NOISE_LIMITS, DEFAULT_REGRESSION } from '../config/schema.js';
import { fabricateRecord } from '../testing/fabricate-record.js';
import { disturbance, limitsFor } from './noise.js';

// Each noise limit at its edge (a figure at the limit is not over it), a limit switched off, and the
// notes that say what could not be checked.
const level = { profile: 'dedicated', rateRps: 500, newConnectionEvery: 0 };
const quiet = { stealPctMean: 1, stealPctMax: 4, cpuPressurePct: 3, throttledPct: 0 };
const record = (spec: Omit<Parameters<typeof fabricateRecord>[0], 'seed'> = {}) => fabricateRecord({ seed: 61, rounds: 5, samplesPerTrial: 50, ...spec });

describe('a disturbance', () => {
  it('is a figure over its limit, not one at it, said with both', () => {
    const atLimits = { stealPctMean: 5, stealPctMax: 20, cpuPressurePct: 50, throttledPct: 10 };
    expect(disturbance(record({ probes: { dedicated: atLimits } }), level, DEFAULT_NOISE_LIMITS)).toEqual({ noisy: false, reasons: [], notes: [] });
    const over = { stealPctMean: 5.04, stealPctMax: 20.5, cpuPressurePct: 50.01, throttledPct: 12.345 };
    expect(disturbance(record({ probes: { dedicated: over } }), level, DEFAULT_NOISE_LIMITS)).toEqual({
      noisy: true,
      reasons: ['mean CPU steal 5% > 5%', 'peak CPU steal 20.5% > 20%', 'CPU pressure (PSI some) 50% > 50%', 'CPU throttling 12.3% > 10%'],
      notes: [],
    });
  });

  it('is not judged on a limit switched off (null)', () => {
    const off = { ...DEFAULT_NOISE_LIMITS, maxStealPctMean: null, maxStealPctMax: null, maxCpuPressurePct: null, maxThrottledPct: null, maxScheduleLagP99Us: null, maxInvalidTrialPct: null };
    const loud = record({ probes: { dedicated: { stealPctMean: 50, stealPctMax: 90, cpuPressurePct: 90, throttledPct: 90 } }, scheduleLagP99Us: 9000, invalid: [0, 1, 2].map((round) => ({ round, variant: 'mesh' as const, slot: 0 as const })) });
    expect(disturbance(loud, level, off)).toEqual({ noisy: false, reasons: [], notes: [] });
  });

  it('counts invalid trials over their limit, not at it', () => {
    // 2 of 20 trials = 10%: at the limit; 3 of 20 = 15%: over it
    const two = record({ probes: { dedicated: quiet }, invalid: [0, 1].map((round) => ({ round, variant: 'baseline' as const, slot: 1 as const })) });
    expect(disturbance(two, level, DEFAULT_NOISE_LIMITS).noisy).toBe(false);
    const three = record({ probes: { dedicated: quiet }, invalid: [0, 1, 2].map((round) => ({ round, variant: 'baseline' as const, slot: 1 as const })) });
    expect(disturbance(three, level, DEFAULT_NOISE_LIMITS).reasons).toEqual(['3 of 20 trials invalid (15% > 10%)']);
  });

  it('reads the load generator’s lag as the median over trials, over its limit', () => {
    expect(disturbance(record({ probes: { dedicated: quiet }, scheduleLagP99Us: 2000 }), level, DEFAULT_NOISE_LIMITS).noisy).toBe(false);
    expect(disturbance(record({ probes: { dedicated: quiet }, scheduleLagP99Us: 2000.6 }), level, DEFAULT_NOISE_LIMITS).reasons).toEqual(['load generator lag: median schedule-lag p99 2001 µs > 2000 µs']);
  });
});

describe('what could not be checked', () => {
  it('is noted per figure the profile did not measure', () => {
    const d = disturbance(record({ probes: { dedicated: { stealPctMean: 1, stealPctMax: 2 } } }), level, DEFAULT_NOISE_LIMITS);
    expect(d).toEqual({ noisy: false, reasons: [], notes: ['not measured on profile dedicated, so not checked: CPU pressure (PSI some), CPU throttling'] });
  });

  it('is noted when the record has no probe summary, or none for the profile', () => {
    const r = record();
    expect(disturbance({ ...r, probes: undefined }, level, DEFAULT_NOISE_LIMITS).notes).toEqual(['the record has no probe summary: steal, CPU pressure and throttling were not checked']);
    expect(disturbance({ ...r, probes: r.probes.filter((p) => p.profile !== 'dedicated') }, level, DEFAULT_NOISE_LIMITS).notes).toEqual(['no probe figures for profile dedicated: steal, CPU pressure and throttling were not checked']);
  });
});

describe('the limits of a profile', () => {
  it('are the noise limits with the profile’s own changes', () => {
    expect(limitsFor('dedicated', DEFAULT_REGRESSION)).toEqual(DEFAULT_NOISE_LIMITS);
    expect(limitsFor('shared-core', DEFAULT_REGRESSION)).toEqual({ ...DEFAULT_NOISE_LIMITS, maxCpuPressurePct: null, maxThrottledPct: null });
  });
});
