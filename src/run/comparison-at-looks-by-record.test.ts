// What keeps a decided level going when the run is compared with a baseline: judged on real
// (fabricated) histograms through compareRecords, as the end of the run will judge them.
import { describe, expect, it } from 'vitest';
import { DEFAULT_REGRESSION } from '../config/schema.js';
import { historyEntry } from '../compare/index.js';
import { fabricateRecord } from '../testing/fabricate-record.js';
import { COMPARED_MIN_ROUNDS, comparisonUnsettled, type ComparisonAtLooks } from './comparison-at-looks.js';

const LEVEL = { profile: 'dedicated', rateRps: 500, newConnectionEvery: 0 };
const baseline = fabricateRecord({ seed: 51, samplesPerTrial: 400, rounds: 20 });
const at: ComparisonAtLooks = { baseline, history: [], regression: DEFAULT_REGRESSION, percentiles: [50, 90, 99] };

describe('a level\'s comparison with the baseline at a look', () => {
  it('is settled when every verdict percentile says no change, from 20 rounds on', () => {
    expect(COMPARED_MIN_ROUNDS).toBe(20);
    expect(comparisonUnsettled(LEVEL, fabricateRecord({ seed: 52, samplesPerTrial: 400, rounds: 20 }), at)).toBeNull();
    // a no-change at 10 rounds still goes on: the run is tomorrow's baseline
    const ten = { ...at, baseline: fabricateRecord({ seed: 51, samplesPerTrial: 400, rounds: 10 }) };
    expect(comparisonUnsettled(LEVEL, fabricateRecord({ seed: 52, samplesPerTrial: 400, rounds: 10 }), ten)).toBe(
      "the comparison with the baseline: p50 no change with 10 rounds (a compared run makes 20: it is tomorrow's baseline); p90 no change with 10 rounds (a compared run makes 20: it is tomorrow's baseline); p99 no change with 10 rounds (a compared run makes 20: it is tomorrow's baseline)",
    );
  });

  it('is not settled while a percentile can\'t tell and more rounds would settle it', () => {
    // 5 rounds of a noisy run: p50 +37 µs [−50, +124] against the ±100 µs band, 13 more rounds asked
    const few = fabricateRecord({ seed: 53, samplesPerTrial: 200, rounds: 5, trialNoiseUs: 80 });
    expect(comparisonUnsettled(LEVEL, few, { ...at, percentiles: [50] })).toBe("the comparison with the baseline: p50 can't tell yet");
    // only the verdict percentiles count: at p90 and p99 it is the rounds, not the comparison, that keep it going
    expect(comparisonUnsettled(LEVEL, few, { ...at, percentiles: [90, 99] })).not.toContain("can't tell yet");
    // with extra rounds off none are asked for, but 5 rounds against the baseline's 20 still go on
    const noExtra = { ...at, percentiles: [50], regression: { ...DEFAULT_REGRESSION, maxExtraRounds: 0 } };
    expect(comparisonUnsettled(LEVEL, few, noExtra)).toBe("the comparison with the baseline: p50 can't tell, with fewer rounds (5) than the baseline (20)");
  });

  it('is not settled on a change: regressions and improvements are called only at the last look', () => {
    const slower = fabricateRecord({ seed: 52, samplesPerTrial: 400, rounds: 20, extraMeshUs: 400 });
    expect(comparisonUnsettled(LEVEL, slower, at)).toBe('the comparison with the baseline: p50 looks like a regression, called only at the last look; p90 looks like a regression, called only at the last look; p99 looks like a regression, called only at the last look');
    const faster = comparisonUnsettled(LEVEL, baseline, { ...at, baseline: slower, percentiles: [50] });
    expect(faster).toBe('the comparison with the baseline: p50 looks like an improvement, called only at the last look');
  });

  it('is settled for a disturbed run (rounds do not cure a disturbance) and for a level the baseline does not have', () => {
    const steal = { dedicated: { stealPctMean: 12, stealPctMax: 40, cpuPressurePct: 3, throttledPct: 0 } };
    const disturbed = fabricateRecord({ seed: 53, samplesPerTrial: 200, rounds: 5, trialNoiseUs: 80, probes: steal });
    // disturbed at every row: neither the comparison nor the rounds keep it going
    expect(comparisonUnsettled(LEVEL, disturbed, at)).toBeNull();
    const few = fabricateRecord({ seed: 53, samplesPerTrial: 200, rounds: 5, trialNoiseUs: 80 });
    expect(comparisonUnsettled({ ...LEVEL, rateRps: 1000 }, few, at)).toBeNull();
  });

  it('learns how much runs differ from the history it is given', () => {
    const nights = [61, 62, 63, 64, 65, 66].map((seed) => historyEntry(fabricateRecord({ seed, samplesPerTrial: 400, rounds: 8, extraMeshUs: seed % 2 === 0 ? 150 : -150 }), DEFAULT_REGRESSION));
    // nights ±150 µs apart: no number of rounds of this run can bring the change inside the ±100 µs
    // band, and it has as many rounds as its baseline: nothing to go on for
    const few = fabricateRecord({ seed: 53, samplesPerTrial: 200, rounds: 5, trialNoiseUs: 80 });
    const asFew = { ...at, percentiles: [50], baseline: fabricateRecord({ seed: 51, samplesPerTrial: 400, rounds: 5 }) };
    expect(comparisonUnsettled(LEVEL, few, asFew)).toBe("the comparison with the baseline: p50 can't tell yet");
    expect(comparisonUnsettled(LEVEL, few, { ...asFew, history: nights })).toBe("the comparison with the baseline: p50 can't tell with 5 rounds (a compared run makes 20: it is tomorrow's baseline)");
    // with fewer rounds than its baseline it says that first
    expect(comparisonUnsettled(LEVEL, few, { ...at, percentiles: [50], history: nights })).toBe("the comparison with the baseline: p50 can't tell, with fewer rounds (5) than the baseline (20)");
  });
});
