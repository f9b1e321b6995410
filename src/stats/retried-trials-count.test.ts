import { expect, it } from 'vitest';
import { summarize } from './summarize.js';
import { plainScenario, randomSource, simulateTrials } from './testing/simulate.js';

it('counts a retried trial (an invalid attempt, then the same slot again) and still reports the drop', () => {
  const trials = simulateTrials(plainScenario({}), { rounds: 6, requestsPerTrial: 400 }, randomSource(3));
  const first = trials.find((t) => t.round === 2 && t.variant === 'mesh' && t.slot === 1)!;
  const withRetry = [...trials.map((t) => (t === first ? { ...t, valid: false, latency: null } : t)), first];
  const [row] = summarize({ trials: withRetry, percentiles: [50], budgetUs: 2000, resamples: 200 });
  expect(row!.rounds).toBe(6);
  expect(row!.flags).toContain('invalid-trials:1');
  expect(row!.flags.some((f) => f.startsWith('unbalanced-rounds'))).toBe(false);
});
