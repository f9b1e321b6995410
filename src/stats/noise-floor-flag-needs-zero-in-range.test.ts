import { expect, it } from 'vitest';
import { summarize } from './summarize.js';
import { plainScenario, randomSource, simulateTrials } from './testing/simulate.js';

// Issue 12 §5: "below the noise floor" (cannot be told from zero) and a range clear of zero must
// never be said of the same row. Taxes around the floor, many seeds: the flag goes with the range.
it('flags a tax below the noise floor only when its interval holds zero', () => {
  let flagged = 0;
  let clearButBelowFloor = 0;
  for (let seed = 1; seed <= 12; seed++) {
    for (const taxUs of [0, 15, 30, 60]) {
      const trials = simulateTrials(plainScenario({ taxUs }), { rounds: 6, requestsPerTrial: 400 }, randomSource(seed));
      for (const row of summarize({ trials, percentiles: [50, 99], budgetUs: 2000, resamples: 200 })) {
        const holdsZero = row.ciUs[0] <= 0 && 0 <= row.ciUs[1];
        const below = Math.abs(row.taxUs) < row.noiseFloorUs;
        expect(row.flags.includes('tax-below-noise-floor')).toBe(below && holdsZero);
        if (below && holdsZero) flagged++;
        if (below && !holdsZero) clearButBelowFloor++;
      }
    }
  }
  // both cases occur, so the rule is exercised on each side
  expect(flagged).toBeGreaterThan(0);
  expect(clearButBelowFloor).toBeGreaterThan(0);
});
