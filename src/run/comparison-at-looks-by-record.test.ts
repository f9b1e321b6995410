// What keeps a decided level going when the run is compared with a baseline: judged on real
// (fabricated) histograms through compareRecords, as the end of the run will judge them.
import { describe, expect, it } from 'vitest';
import { DEFAULT_REGRESSION } from '../config/schema.js';
import { historyEntry } from '../compare/index.js';
import { fabricateRecord } from '../testing/fabricate-record.js';
import { comparisonUnsettled, type ComparisonAtLooks } from './comparison-at-looks.js';

const LEVEL = { profile: 'dedicated', rateRps: 500, newConnectionEvery: 0 };
const baseline = fabricateRecord({ seed: 51, samplesPerTrial: 400 });
const at: ComparisonAtLooks = { baseline, history: [], regression: DEFAULT_REGRESSION, percentiles: [50, 90, 99] };

describe('a level\'s comparison with the baseline at a look', () => {
  it('is settled when every verdict percentile says no change', () => {
    expect(comparisonUnsettled(LEVEL, fabricateRecord({ seed: 52, samplesPerTrial: 400 }), at)).toBeNull();
  });

  it('is not settled while a percentile can\'t tell and more rounds would settle it', () => {
    // 5 rounds of a noisy run: p50 +37 µs [−50, +124] against the ±100 µs band, 13 more rounds asked
    const few = fabricateRecord({ seed: 53, samplesPerTrial: 200, rounds: 5, trialNoiseUs: 80 });
    expect(comparisonUnsettled(LEVEL, few, at)).toBe("the comparison with the baseline: p50 can't tell yet");
    // only the verdict percentiles count
    expect(comparisonUnsettled(LEVEL, few, { ...at, percentiles: [90, 99] })).toBeNull();
    // with extra rounds off none are asked for, but 5 rounds against the baseline's 10 still go on
    const noExtra = { ...at, regression: { ...DEFAULT_REGRESSION, maxExtraRounds: 0 } };
    expect(comparisonUnsettled(LEVEL, few, noExtra)).toBe("the comparison with the baseline: p50 can't tell, with fewer rounds (5) than the baseline (10)");
    expect(comparisonUnsettled(LEVEL, few, { ...noExtra, baseline: fabricateRecord({ seed: 51, samplesPerTrial: 400, rounds: 5 }) })).toBeNull();
  });

  it('is not settled on a change: regressions and improvements are called only at the last look', () => {
    const slower = fabricateRecord({ seed: 52, samplesPerTrial: 400, extraMeshUs: 400 });
    expect(comparisonUnsettled(LEVEL, slower, at)).toBe('the comparison with the baseline: p50 looks like a regression, called only at the last look; p90 looks like a regression, called only at the last look; p99 looks like a regression, called only at the last look');
    const faster = comparisonUnsettled(LEVEL, baseline, { ...at, baseline: slower, percentiles: [50] });
    expect(faster).toBe('the comparison with the baseline: p50 looks like an improvement, called only at the last look');
  });

  it('is settled for a disturbed run (rounds do not cure a disturbance) and for a level the baseline does not have', () => {
    const steal = { dedicated: { stealPctMean: 12, stealPctMax: 40, cpuPressurePct: 3, throttledPct: 0 } };
    const disturbed = fabricateRecord({ seed: 53, samplesPerTrial: 200, rounds: 5, trialNoiseUs: 80, probes: steal });
    expect(comparisonUnsettled(LEVEL, disturbed, at)).toBeNull();
    const few = fabricateRecord({ seed: 53, samplesPerTrial: 200, rounds: 5, trialNoiseUs: 80 });
    expect(comparisonUnsettled({ ...LEVEL, rateRps: 1000 }, few, at)).toBeNull();
  });

  it('learns how much runs differ from the history it is given', () => {
    const nights = [61, 62, 63, 64, 65, 66].map((seed) => historyEntry(fabricateRecord({ seed, samplesPerTrial: 400, rounds: 8, extraMeshUs: seed % 2 === 0 ? 150 : -150 }), DEFAULT_REGRESSION));
    // nights ±150 µs apart: no number of rounds of this run can bring the change inside the ±100 µs
    // band, and it has as many rounds as its baseline: nothing to go on for
    const few = fabricateRecord({ seed: 53, samplesPerTrial: 200, rounds: 5, trialNoiseUs: 80 });
    const asFew = { ...at, baseline: fabricateRecord({ seed: 51, samplesPerTrial: 400, rounds: 5 }) };
    expect(comparisonUnsettled(LEVEL, few, asFew)).toBe("the comparison with the baseline: p50 can't tell yet");
    expect(comparisonUnsettled(LEVEL, few, { ...asFew, history: nights })).toBeNull();
    // with fewer rounds than its baseline it still goes on
    expect(comparisonUnsettled(LEVEL, few, { ...at, history: nights })).toMatch(/^the comparison with the baseline: p50 can't tell, with fewer rounds \(5\) than the baseline \(10\)/);
  });
});
