import { describe, expect, it } from 'vitest';
import { BenchConfigSchema, CapacitySearchSchema } from '../config/index.js';
import { DEFAULT_SEED } from '../stats/index.js';
import { summarizeRun } from '../summary/index.js';
import { fixtureRecord } from '../testing/records.js';
import { completeRounds, levelTrials, measureLevel } from './capacity-search.js';

const SEARCH = CapacitySearchSchema.parse({ roundsPerLevel: 3, trialSeconds: 0.5, warmupSeconds: 0.25 });
const CONFIG = BenchConfigSchema.parse({});

describe('a capacity level from its trials', () => {
  it('plans warm-up and interleaved rounds at one rate, numbered after the trials so far', () => {
    const trials = levelTrials('dedicated', 800, SEARCH, 26);
    expect(trials.map((t) => t.index)).toEqual(Array.from({ length: 14 }, (_, i) => 26 + i));
    expect(trials.filter((t) => t.round >= 0).map((t) => t.durationS)).toEqual(Array(12).fill(1.3)); // 1000 requests for p99 at 800 rps
    expect(levelTrials('dedicated', 4000, SEARCH, 0).filter((t) => t.round >= 0)[0]?.durationS).toBe(0.5);
    expect(trials.every((t) => t.rateRps === 800 && t.profile === 'dedicated')).toBe(true);
    expect(trials.slice(2, 6).map((t) => t.variant)).toEqual(['baseline', 'mesh', 'mesh', 'baseline']);
  });

  it('nothing measured is no level', () => {
    expect(measureLevel([], 'ramp', SEARCH, CONFIG)).toBeNull();
  });

  it('takes the figures at the search percentile from the summary and judges them', () => {
    const record = fixtureRecord();
    const level = measureLevel(record.trials, 'ramp', SEARCH, CONFIG)!;
    const row = summarizeRun(record.trials, CONFIG, DEFAULT_SEED).summary.find((r) => r.percentile === 99)!;
    expect(level).toMatchObject({ rateRps: row.rateRps, phase: 'ramp', taxUs: row.taxUs, baselineUs: row.baselineUs, meshUs: row.meshUs });
    const invalid = record.trials.filter((t) => !t.warmup && !t.valid).length;
    expect(level.invalidTrials).toBe(invalid);
    expect(level.valid).toBe(invalid === 0);
    expect(level.errorPct).toBeGreaterThanOrEqual(0);
  });

  it('a level survives a dropped trial, and is judged by the main run\'s dropped-data rules', () => {
    const wide = BenchConfigSchema.parse({ budgetUs: 10_000_000 });
    const measured = fixtureRecord().trials.map((t) => ({ ...t, valid: true, invalidReasons: [] }));
    const drop = (n: number) => {
      // Slot 1 only: every round keeps a trial of each side, so the interval stands on all of them.
      const ids = new Set(measured.filter((t) => !t.warmup && t.slot === 1).slice(0, n).map((t) => t.index));
      return measured.map((t) => (ids.has(t.index) ? { ...t, valid: false, invalidReasons: ['load driver fell behind: lag moved p99 by 1200 µs'] } : t));
    };
    const one = measureLevel(drop(1), 'ramp', SEARCH, wide)!;
    expect(one).toMatchObject({ outcome: 'pass', passed: true, invalidTrials: 1 });
    const many = measureLevel(drop(Math.ceil(measured.filter((t) => !t.warmup).length * 0.3)), 'ramp', SEARCH, wide)!;
    expect(many, many.reason).toMatchObject({ outcome: 'invalid', passed: false, reason: expect.stringMatching(/were dropped/) });
  });

  it('plans spare rounds after the level\'s own, and counts the rounds that hold both sides', () => {
    const planned = levelTrials('dedicated', 4000, SEARCH, 0, 2);
    expect(planned.filter((t) => t.round >= 0)).toHaveLength(4 * 5);
    const trials = fixtureRecord().trials.map((t) => ({ ...t, valid: true, invalidReasons: [] }));
    const rounds = new Set(trials.filter((t) => !t.warmup).map((t) => t.round)).size;
    expect(completeRounds(trials)).toBe(rounds);
    const firstRound = trials.filter((t) => !t.warmup && t.round === 0);
    const lost = trials.map((t) => (t.round === 0 && t.variant === 'mesh' && !t.warmup ? { ...t, valid: false, invalidReasons: ['load driver fell behind'] } : t));
    expect(firstRound.filter((t) => t.variant === 'mesh').length).toBeGreaterThan(0);
    expect(completeRounds(lost)).toBe(rounds - 1);
  });
});
