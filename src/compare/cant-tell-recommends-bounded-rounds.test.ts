import { describe, expect, it } from 'vitest';
import { DEFAULT_REGRESSION } from '../config/schema.js';
import { compareRecords } from './compare.js';
import { fabricateRecord } from '../testing/fabricate-record.js';
import { decideRow, type RowEvidence } from './verdict.js';

const settings = { alpha: 0.01, minEffectUs: 50, minEffectPct: 10, maxExtraRounds: 20 };
const evidence: RowEvidence = { percentile: 50, baselineRounds: 10, currentRounds: 10, baselineTaxUs: 260, changeUs: 40, changeCiUs: [-5, 85], pValue: 0.08, noisy: false };

describe("can't tell", () => {
  it('when the interval reaches past the minimum effect without a significant test, with a number of extra rounds', () => {
    const d = decideRow(evidence, settings);
    expect(d.verdict).toBe('cant-tell');
    expect(d.minEffectUs).toBe(50);
    expect(d.extraRounds).toBeGreaterThanOrEqual(1);
    expect(d.extraRounds).toBeLessThanOrEqual(20);
  });

  it('never recommends more than maxExtraRounds, even when the change sits on the minimum effect', () => {
    expect(decideRow({ ...evidence, changeUs: 50 }, settings).extraRounds).toBe(20);
    expect(decideRow({ ...evidence, changeUs: 50 }, { ...settings, maxExtraRounds: 0 }).extraRounds).toBe(0);
  });

  it('when a run has fewer than 5 rounds (fewer give no interval that covers)', () => {
    expect(decideRow({ ...evidence, currentRounds: 4, pValue: 1 }, settings)).toMatchObject({ verdict: 'cant-tell', extraRounds: 6 });
    expect(decideRow({ ...evidence, currentRounds: 2, pValue: 1 }, settings)).toMatchObject({ verdict: 'cant-tell', extraRounds: 8 });
  });

  it('on real records: a 40 µs change with 4 rounds each is neither shown nor ruled out', () => {
    const a = fabricateRecord({ seed: 51, rounds: 4, samplesPerTrial: 400, trialNoiseUs: 40 });
    const b = fabricateRecord({ seed: 52, rounds: 4, samplesPerTrial: 400, trialNoiseUs: 40, extraMeshUs: 40 });
    const c = compareRecords(a, b, { regression: DEFAULT_REGRESSION });
    const p50 = c.rows.find((r) => r.percentile === 50)!;
    expect(p50.verdict).toBe('cant-tell');
    expect(c.extraRounds).toBeGreaterThanOrEqual(1);
    expect(c.extraRounds).toBeLessThanOrEqual(DEFAULT_REGRESSION.maxExtraRounds);
  });
});

describe('the minimum effect', () => {
  it('is the larger of the absolute and the relative floor', () => {
    expect(decideRow({ ...evidence, baselineTaxUs: 1000 }, settings).minEffectUs).toBe(100);
    expect(decideRow({ ...evidence, baselineTaxUs: 100 }, settings).minEffectUs).toBe(50);
  });

  it('keeps a significant change smaller than it from being a regression', () => {
    const d = decideRow({ ...evidence, changeUs: 20, changeCiUs: [10, 30], pValue: 0.001 }, settings);
    expect(d.verdict).toBe('no-change');
  });

  it('calls a change whose whole interval lies within it no change', () => {
    expect(decideRow({ ...evidence, changeUs: 5, changeCiUs: [-30, 40], pValue: 0.6 }, settings).verdict).toBe('no-change');
  });
});
