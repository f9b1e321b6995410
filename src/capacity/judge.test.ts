import { describe, expect, it } from 'vitest';
import { judgeLevel, type LevelFigures } from './judge.js';

const CRITERIA = { budgetUs: 2000, percentile: 99, maxErrorPct: 1 };
const CLEAN: LevelFigures = { taxCiUs: [300, 450], errorPct: 0, invalidReasons: [], invalidTrials: 0 };

describe('judging a level of the capacity search', () => {
  it('passes when the whole CI is within budget', () => {
    expect(judgeLevel(CLEAN, CRITERIA)).toEqual({ outcome: 'pass', passed: true, reason: 'p99 tax CI [+300 µs, +450 µs] within the 2 ms budget' });
    expect(judgeLevel({ ...CLEAN, taxCiUs: [1500, 2000] }, CRITERIA).passed).toBe(true);
  });

  it('fails over budget, and fails when the CI only reaches past it or is unknown', () => {
    expect(judgeLevel({ ...CLEAN, taxCiUs: [2100, 2600] }, CRITERIA).outcome).toBe('over-budget');
    expect(judgeLevel({ ...CLEAN, taxCiUs: [1500, 2600] }, CRITERIA)).toMatchObject({ outcome: 'uncertain', passed: false });
    expect(judgeLevel({ ...CLEAN, taxCiUs: [null, null] }, CRITERIA)).toMatchObject({ outcome: 'uncertain', passed: false });
  });

  it('an invalid trial stops the level with its reason, whatever the tax', () => {
    const judged = judgeLevel({ ...CLEAN, invalidTrials: 2, invalidReasons: ['load driver fell behind in 2 trials (first: schedule lag p99 9000 µs > 5000 µs)'] }, CRITERIA);
    expect(judged).toMatchObject({ outcome: 'invalid', passed: false });
    expect(judged.reason).toMatch(/^2 trial\(s\) invalid — load driver fell behind .* \(p99 tax CI \[\+300 µs, \+450 µs\] from the valid ones\)$/);
  });

  it('errors above the threshold fail first', () => {
    expect(judgeLevel({ ...CLEAN, errorPct: 3.5, invalidTrials: 4 }, CRITERIA)).toMatchObject({ outcome: 'errors', reason: expect.stringMatching(/3\.50% of requests/) });
    expect(judgeLevel({ ...CLEAN, errorPct: 0.5 }, CRITERIA).passed).toBe(true);
  });
});
