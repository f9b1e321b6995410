import { describe, expect, it } from 'vitest';
import { DEFAULT_REGRESSION } from '../config/schema.js';
import { fabricateRecord } from '../testing/fabricate-record.js';
import { compareRecords } from './compare.js';

// Two runs of the same thing whose p99 differs from run to run by τ = 200 µs (a shared machine's
// tail): the change's interval at p99 spans about ±740 µs. Without a band "no change" would need it
// within ± the minimum effect (50 µs) — never; with the default ±1 ms band at p99 it is answered,
// and a real 1.5 ms step in the tail is still a regression.
const run = (seed: number, extra: Partial<Parameters<typeof fabricateRecord>[0]> = {}) => fabricateRecord({ seed, rounds: 10, samplesPerTrial: 400, percentiles: [50, 99], ...extra });
const loosetail = (row: { percentile: number }) => (row.percentile === 99 ? { spreadUs: 200, typicalSeUs: 0, nights: 20 } : { spreadUs: 5, typicalSeUs: 0, nights: 20 });
const options = (regression = DEFAULT_REGRESSION) => ({ regression, permutations: 50, resamples: 200, seed: 5, runToRun: loosetail });

describe('the no-change band', () => {
  it('answers an A/A pair at a loosely measured tail, where ± the minimum effect cannot', () => {
    const banded = compareRecords(run(71), run(72), options());
    const p99 = banded.rows.find((r) => r.percentile === 99)!;
    expect(p99.changeCiUs[1]! - p99.changeCiUs[0]!).toBeGreaterThan(1000);
    expect(p99).toMatchObject({ verdict: 'no-change', noChangeBandUs: 1000 });
    expect(p99.reason).toContain('within ±1000 µs');
    const unbanded = compareRecords(run(71), run(72), options({ ...DEFAULT_REGRESSION, noChangeBandUs: {} }));
    expect(unbanded.rows.find((r) => r.percentile === 99)).toMatchObject({ verdict: 'cant-tell', noChangeBandUs: 50 });
  });

  it('still calls a 1.5 ms step in the tail a regression', () => {
    const stalled = run(74, { meshStall: { rounds: Array.from({ length: 10 }, (_, i) => i), share: 0.03, extraUs: 1500 } });
    const c = compareRecords(run(73), stalled, options());
    expect(c.rows.find((r) => r.percentile === 99)).toMatchObject({ verdict: 'regression' });
    expect(c.rows.find((r) => r.percentile === 50)).toMatchObject({ verdict: 'no-change' });
  });
});
