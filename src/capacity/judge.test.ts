import { describe, expect, it } from 'vitest';
import { judgeLevel, type LevelFigures } from './judge.js';

const CRITERIA = { budgetUs: 2000, percentile: 99, maxErrorPct: 1 };
const CLEAN: LevelFigures = { taxCiUs: [300, 450], errorPct: 0, invalidReasons: [], invalidTrials: 0, rounds: 5, minRounds: 5, withheld: { pass: null, fail: null } };
const LAG = ['load driver fell behind in 2 trials (first: schedule lag p99 9000 µs > 5000 µs)'];

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

  it('survives a dropped trial: the level is judged on what is left, and says what was dropped', () => {
    const judged = judgeLevel({ ...CLEAN, invalidTrials: 2, invalidReasons: LAG }, CRITERIA);
    expect(judged).toMatchObject({ outcome: 'pass', passed: true });
    expect(judged.reason).toMatch(/within the 2 ms budget \(2 trial\(s\) dropped: load driver fell behind/);
    expect(judgeLevel({ ...CLEAN, taxCiUs: [2100, 2600], invalidTrials: 1, invalidReasons: LAG }, CRITERIA).outcome).toBe('over-budget');
  });

  it('drops that withhold a verdict by the main run\'s rules leave the level unmeasured, with the reason', () => {
    const pass = judgeLevel({ ...CLEAN, invalidTrials: 6, invalidReasons: LAG, withheld: { pass: '6 of 20 trials were dropped (more than 20%)', fail: null } }, CRITERIA);
    expect(pass).toMatchObject({ outcome: 'invalid', passed: false });
    expect(pass.reason).toMatch(/within the 2 ms budget, but 6 of 20 trials were dropped/);
    const over = judgeLevel({ ...CLEAN, taxCiUs: [2100, 2600], withheld: { pass: null, fail: 'the drops fell on the baseline side' } }, CRITERIA);
    expect(over).toMatchObject({ outcome: 'invalid', passed: false, reason: expect.stringMatching(/above the 2 ms budget, but the drops fell on the baseline side/) });
    // A withheld FAIL does not touch a level whose interval is within budget, nor a withheld PASS one above it.
    expect(judgeLevel({ ...CLEAN, withheld: { pass: null, fail: 'x' } }, CRITERIA).passed).toBe(true);
    expect(judgeLevel({ ...CLEAN, taxCiUs: [2100, 2600], withheld: { pass: 'x', fail: null } }, CRITERIA).outcome).toBe('over-budget');
  });

  it('gives no verdict below the minimum rounds: unmeasured when trials were dropped, uncertain otherwise', () => {
    expect(judgeLevel({ ...CLEAN, rounds: 4 }, CRITERIA)).toMatchObject({ outcome: 'uncertain', passed: false, reason: expect.stringMatching(/^4 valid round\(s\), an interval needs 5/) });
    expect(judgeLevel({ ...CLEAN, rounds: 4, invalidTrials: 2, invalidReasons: LAG }, CRITERIA).outcome).toBe('invalid');
  });

  it('errors above the threshold fail first', () => {
    expect(judgeLevel({ ...CLEAN, errorPct: 3.5, invalidTrials: 4 }, CRITERIA)).toMatchObject({ outcome: 'errors', reason: expect.stringMatching(/3\.50% of requests/) });
    expect(judgeLevel({ ...CLEAN, errorPct: 0.5 }, CRITERIA).passed).toBe(true);
  });
});
