import { describe, expect, it } from 'vitest';
import { DEFAULT_REGRESSION } from '../config/schema.js';
import { BadInputError } from '../errors.js';
import { fabricateRecord } from '../testing/fabricate-record.js';
import { compareRecords, TEST_DESCRIPTION } from './compare.js';
import { rankTest } from './rank-test.js';
import { recordRoundTaxes } from './trial-samples.js';

// What a comparison carries besides its verdicts: the rows both records have and the ones only one
// has, the settings it judged by, the run-to-run term it was given, and figures that follow from
// the two runs' own statistics.
const LEVEL = { profile: 'dedicated', rateRps: 500, newConnectionEvery: 0 };
const baseline = fabricateRecord({ seed: 91, rounds: 6, samplesPerTrial: 200, percentiles: [50, 90] });
const current = fabricateRecord({ seed: 92, rounds: 6, samplesPerTrial: 200, percentiles: [50, 99], extraMeshUs: 30 });
const options = { regression: DEFAULT_REGRESSION, permutations: 200, resamples: 200, seed: 5 };

describe('a comparison', () => {
  const c = compareRecords(baseline, current, options);

  it('compares the rows both records have and lists the others by side', () => {
    expect(c.rows.map((r) => r.percentile)).toEqual([50]);
    expect(c.unmatched).toEqual([
      { side: 'baseline', ...LEVEL, percentile: 90 },
      { side: 'current', ...LEVEL, percentile: 99 },
    ]);
  });

  it('states what it judged by: the regression settings, the current run’s confidence, the test', () => {
    const { alpha, minEffectUs, minEffectPct, noChangeBandUs, maxExtraRounds } = DEFAULT_REGRESSION;
    expect(c.settings).toEqual({ alpha, minEffectUs, minEffectPct, noChangeBandUs, maxExtraRounds, confidence: current.settings.confidence, test: TEST_DESCRIPTION });
    expect(compareRecords(baseline, current, { ...options, confidence: 0.9 }).settings.confidence).toBe(0.9);
    expect(c.scenario).toBe(current.scenario.name);
    expect(c.baseline).toMatchObject({ runId: baseline.runId, startedAt: baseline.startedAt, state: 'completed', rounds: 6, envoyVersion: baseline.envoy.version, fidelity: baseline.fidelity.level });
    expect(c.current.environment).toContain('AMD EPYC');
    expect(c.environmentDifferences).toEqual([]);
  });

  it('gives each row the change of the two runs’ merged taxes, the Welch interval and the rank test beside it', () => {
    const [row] = c.rows;
    expect(row!.baselineTaxUs).toBe(baseline.summary.find((r) => r.percentile === 50)!.taxUs);
    expect(row!.currentTaxUs).toBe(current.summary.find((r) => r.percentile === 50)!.taxUs);
    expect(row!.changeUs).toBeCloseTo(row!.currentTaxUs! - row!.baselineTaxUs!, 9);
    expect(row!.changePct).toBeCloseTo((100 * row!.changeUs!) / Math.abs(row!.baselineTaxUs!), 9);
    expect(row!.baselineRounds).toBe(6);
    expect(row!.currentRounds).toBe(6);
    expect(row!.changeCiUs[0]!).toBeLessThan(row!.changeUs!);
    expect(row!.changeCiUs[1]!).toBeGreaterThan(row!.changeUs!);
    // the interval's p-value is the verdict's; the rank test on per-round taxes is shown beside it
    const taxesOf = (record: typeof baseline) => recordRoundTaxes(record, [LEVEL], [50]).get('dedicated\u0000500\u00000')!.get(50)!.map((t) => t.taxUs);
    const rank = rankTest(taxesOf(baseline), taxesOf(current), { seed: 0, permutations: 200 });
    expect(row!.test.exact).toBe(rank.exact);
    expect(row!.test.probabilityGreater).toBeCloseTo(rank.probabilityGreater, 12);
    // and agrees with the interval: p < 1 − confidence exactly when the interval leaves out 0
    expect(row!.test.pValue < 1 - c.settings.confidence).toBe(row!.changeCiUs[0]! > 0 || row!.changeCiUs[1]! < 0);
    const away = compareRecords(baseline, fabricateRecord({ seed: 92, rounds: 6, samplesPerTrial: 200, percentiles: [50, 99], extraMeshUs: 300 }), options).rows[0]!;
    expect(away.changeCiUs[0]!).toBeGreaterThan(0);
    expect(away.test.pValue).toBeLessThan(0.05);
    expect(away.verdict).toBe('regression');
    expect(row!.minEffectUs).toBe(Math.max(DEFAULT_REGRESSION.minEffectUs, (Math.abs(row!.baselineTaxUs!) * DEFAULT_REGRESSION.minEffectPct) / 100));
    expect(row!.noise).toEqual([]);
  });

  it('says when the run-to-run variance was unknown, and uses it when given', () => {
    expect(c.rows[0]!.runToRunSdUs).toBeNull();
    expect(c.rows[0]!.reason).toContain('(run-to-run variance unknown: no history of comparable nights, taken as 0)');
    const asked: unknown[] = [];
    const withHistory = compareRecords(baseline, current, { ...options, runToRun: (row) => (asked.push(row), { spreadUs: 40, typicalSeUs: 0, nights: 8 }) });
    expect(asked).toEqual([{ ...LEVEL, percentile: 50 }]);
    const row = withHistory.rows[0]!;
    expect(row.runToRunSdUs).toBe(40);
    expect(row.reason).not.toContain('run-to-run variance unknown');
    expect(row.changeCiUs[1]! - row.changeCiUs[0]!).toBeGreaterThan(c.rows[0]!.changeCiUs[1]! - c.rows[0]!.changeCiUs[0]!);
  });

  it('is as reproducible as its seed', () => {
    expect(compareRecords(baseline, current, options)).toEqual(c);
    expect(compareRecords(baseline, current, { ...options, seed: 6 }).rows[0]!.changeCiUs).not.toEqual(c.rows[0]!.changeCiUs);
  });
});

describe('a comparison with too few rounds', () => {
  it('cannot tell, leaves the interval unknown and asks for the most extra rounds any row needs', () => {
    const few = fabricateRecord({ seed: 93, rounds: 3, samplesPerTrial: 200 });
    const fewer = fabricateRecord({ seed: 94, rounds: 2, samplesPerTrial: 200 });
    const c = compareRecords(few, fewer, options);
    expect(c.rows.every((r) => r.verdict === 'cant-tell')).toBe(true);
    expect(c.rows[0]!.changeCiUs).toEqual([null, null]);
    expect(c.verdict).toBe('cant-tell');
    expect(c.extraRounds).toBe(Math.max(...c.rows.map((r) => r.extraRounds!)));
    expect(c.extraRounds).toBe(8);
  });
});

describe('a comparison of different scenarios', () => {
  it('is refused, saying what to compare instead', () => {
    const other = fabricateRecord({ seed: 95, rounds: 3, samplesPerTrial: 100, scenario: 'plaintext' });
    const attempt = () => compareRecords(baseline, other, options);
    expect(attempt).toThrow(BadInputError);
    expect(attempt).toThrow(`Cannot compare scenario "plaintext" against a baseline of scenario "${baseline.scenario.name}".`);
  });
});
