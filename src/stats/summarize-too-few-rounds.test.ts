import { describe, expect, it } from 'vitest';
import { summarize } from './summarize.js';
import { invalidate, syntheticRun } from '../testing/synthetic-run.js';

// A tight run whose CI would clearly PASS a 2000 µs budget, were there enough rounds.
const tight = (rounds: number) => syntheticRun({ rounds, seed: 3, taxUs: 250, trialNoiseUs: 5 });

describe('summarize with too few rounds', () => {
  it('is inconclusive and flagged below minRounds even when the interval is within budget', () => {
    const [row] = summarize({ samples: tight(4), percentiles: [50], budgetUs: 2000, minRounds: 5 });
    expect(row!.ciUs[1]).toBeLessThan(2000);
    expect(row!.verdict).toBe('INCONCLUSIVE');
    expect(row!.flags).toContain('too-few-rounds');
  });

  it('gives the verdict once minRounds valid rounds are there', () => {
    const [row] = summarize({ samples: tight(5), percentiles: [50], budgetUs: 2000, minRounds: 5 });
    expect(row!.verdict).toBe('PASS');
    expect(row!.flags).not.toContain('too-few-rounds');
  });

  it('counts valid rounds, not rounds run', () => {
    const samples = invalidate(tight(5), [
      { round: 0, variant: 'mesh', slot: 0 },
      { round: 0, variant: 'mesh', slot: 1 },
    ]);
    const [row] = summarize({ samples, percentiles: [50], budgetUs: 2000, minRounds: 5 });
    expect(row!.verdict).toBe('INCONCLUSIVE');
    expect(row!.flags).toContain('too-few-rounds');
  });

  it('never takes fewer than 3 rounds, whatever minRounds says', () => {
    const [row] = summarize({ samples: tight(2), percentiles: [50], budgetUs: 2000, minRounds: 1 });
    expect(row!.verdict).toBe('INCONCLUSIVE');
    expect(row!.flags).toContain('too-few-rounds');
  });

  it('has no figures, only flags, when no round is valid', () => {
    const [row] = summarize({ samples: [], percentiles: [50], budgetUs: 2000 });
    expect(row).toMatchObject({ rounds: 0, verdict: 'INCONCLUSIVE', noiseFloorUs: Infinity });
    expect(row!.taxUs).toBeNaN();
    expect(row!.flags).toEqual(['too-few-rounds', 'noise-floor-unknown']);
  });
});
