import { describe, expect, it } from 'vitest';
import { DEFAULT_INTERVAL_METHOD } from './round-intervals.js';
import { measureCoverage } from './testing/coverage.js';
import { SCENARIOS } from './testing/simulate.js';

// A small, seeded version of bench/coverage.ts (which prints the full table): enough runs to tell
// a method that holds its level from one that does not, few enough to stay fast.
const small = (method: typeof DEFAULT_INTERVAL_METHOD, rounds: number) =>
  measureCoverage({ scenario: SCENARIOS[1]!, rounds, requestsPerTrial: 300, percentiles: [50, 99], methods: [method], repetitions: 120, resamples: 300, confidence: 0.95, seed: 4, pooledRequests: 400_000 });

describe('interval coverage (simulated, lognormal)', () => {
  it('the default method covers the true tax at about its level on 5 rounds, on each side', () => {
    for (const cell of small(DEFAULT_INTERVAL_METHOD, 5)) {
      expect(cell.coverage, `p${cell.percentile}`).toBeGreaterThanOrEqual(0.9);
      expect(cell.missHigh, `p${cell.percentile} false-PASS side`).toBeLessThanOrEqual(0.06);
    }
  });

  it('tells a method that does not hold its level on few rounds (the percentile bootstrap)', () => {
    const cells = small('percentile', 5);
    expect(Math.min(...cells.map((c) => c.coverage))).toBeLessThan(0.88);
  });
});
