import { describe, expect, it } from 'vitest';
import { simulateRunLevel } from './testing/run-level-sim.js';

// Issue 12 §4: each run has its own offset (between-run SD 25 µs beside a per-round SD of 25 µs).
// Rounds of one run cannot show it; the spread of past nights can.
describe('runs that differ from each other more than rounds do', () => {
  const spec = { pairs: 400, rounds: 10, roundSdUs: 25, runSdUs: 25, stepUs: 0, seed: 3 };

  it('are rarely called a regression once the history gives the run-to-run spread', () => {
    const modelled = simulateRunLevel({ ...spec, historyNights: 10 });
    expect(modelled.regression).toBeLessThanOrEqual(0.02);
  });

  it('were called a regression far more often than α with rounds alone', () => {
    expect(simulateRunLevel({ ...spec, historyNights: 0 }).regression).toBeGreaterThan(0.05);
  });

  it('still catch a step well beyond the spread', () => {
    expect(simulateRunLevel({ ...spec, historyNights: 10, stepUs: 250 }).regression).toBeGreaterThan(0.8);
  });
});
