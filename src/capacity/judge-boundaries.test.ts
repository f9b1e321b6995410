import { expect, it } from 'vitest';
import { judgeLevel, type LevelFigures } from './judge.js';

// The edges of a capacity level's judgement (mutation survivors, issue 12 §6).
const CRITERIA = { budgetUs: 2000, percentile: 99, maxErrorPct: 1 };
const CLEAN: LevelFigures = { taxCiUs: [300, 450], errorPct: 0, invalidReasons: [], invalidTrials: 0, rounds: 8, minRounds: 5, withheld: { pass: null, fail: null } };

it('allows failed requests up to maxErrorPct itself', () => {
  expect(judgeLevel({ ...CLEAN, errorPct: 1 }, CRITERIA).outcome).toBe('pass');
  expect(judgeLevel({ ...CLEAN, errorPct: 1.01 }, CRITERIA).outcome).toBe('errors');
});

it('is over budget only when the whole interval is above it; an interval starting on the budget is uncertain', () => {
  expect(judgeLevel({ ...CLEAN, taxCiUs: [2000, 2600] }, CRITERIA)).toEqual({ outcome: 'uncertain', passed: false, reason: 'p99 tax CI [+2 ms, +2.6 ms] reaches past the 2 ms budget' });
  expect(judgeLevel({ ...CLEAN, taxCiUs: [2001, 2600] }, CRITERIA)).toEqual({ outcome: 'over-budget', passed: false, reason: 'p99 tax CI [+2 ms, +2.6 ms] entirely above the 2 ms budget' });
});

it('cannot pass or fail on an interval with one unknown end', () => {
  for (const taxCiUs of [[100, null], [null, 2500], [2100, null]] as const) {
    expect(judgeLevel({ ...CLEAN, taxCiUs }, CRITERIA)).toMatchObject({ outcome: 'uncertain', passed: false, reason: expect.stringMatching(/unknown end: the tax is not bounded$/) });
  }
});
