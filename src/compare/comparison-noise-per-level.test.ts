import { describe, expect, it } from 'vitest';
import { DEFAULT_REGRESSION } from '../config/schema.js';
import { BadInputError } from '../errors.js';
import { environmentWith, fabricateRecord } from '../testing/fabricate-record.js';
import { compareRecords, TEST_DESCRIPTION } from './compare.js';

// Noise is judged per load level and side: a disturbed level makes only its own rows noisy, and says
// which run was disturbed. Also: the defaults a comparison falls back on, and what its refusals say.
const options = { regression: DEFAULT_REGRESSION, permutations: 50, resamples: 200, seed: 5 };
const spec = { rounds: 6, samplesPerTrial: 300, percentiles: [50], profiles: ['dedicated', 'dedicated-b'] };

describe('noise in a comparison', () => {
  it('makes only the disturbed level’s rows noisy, each reason prefixed with the run it came from', () => {
    const baseline = fabricateRecord({ seed: 81, ...spec });
    const current = fabricateRecord({ seed: 82, ...spec, probes: { dedicated: { stealPctMean: 40, stealPctMax: 60 } } });
    const c = compareRecords(baseline, current, options);
    const [disturbed, quiet] = c.rows;
    expect(disturbed!.profile).toBe('dedicated');
    expect(disturbed!.verdict).toBe('noisy');
    expect(disturbed!.noise.length).toBeGreaterThan(0);
    expect(disturbed!.noise.every((n) => n.startsWith('current: '))).toBe(true);
    expect(disturbed!.noise.join('\n')).toMatch(/current: mean CPU steal 40/);
    expect(quiet!.profile).toBe('dedicated-b');
    expect(quiet!.noise).toEqual([]);
    expect(quiet!.verdict).not.toBe('noisy');
    expect(c.verdict).toBe('noisy');
    expect(c.disturbances.map((d) => [d.side, d.profile, d.noisy])).toEqual([
      ['baseline', 'dedicated', false],
      ['current', 'dedicated', true],
      ['baseline', 'dedicated-b', false],
      ['current', 'dedicated-b', false],
    ]);
  });
});

describe('a comparison’s defaults', () => {
  const record = fabricateRecord({ seed: 83, rounds: 10, samplesPerTrial: 300, percentiles: [50] });

  it('find no change in a run compared with itself', () => {
    const c = compareRecords(record, record, options);
    expect(c.rows.map((r) => [r.changeUs, r.verdict])).toEqual([[0, 'no-change']]);
    expect(c.verdict).toBe('no-change');
  });

  it('resample 2000 times and shuffle with the rank test’s default when not told', () => {
    const other = fabricateRecord({ seed: 84, rounds: 10, samplesPerTrial: 300, percentiles: [50] });
    const { resamples: _r, permutations: _p, ...unset } = options;
    const c = compareRecords(record, other, unset);
    expect(c).toEqual(compareRecords(record, other, { ...unset, resamples: 2000 }));
    expect(c.rows[0]!.changeCiUs).not.toEqual(compareRecords(record, other, { ...unset, resamples: 200 }).rows[0]!.changeCiUs);
    // 10 + 10 rounds have 184 756 relabellings, too many to enumerate: the observed one and 5000 sampled
    expect(c.rows[0]!.test).toMatchObject({ exact: false, relabellings: 5001 });
    expect(compareRecords(record, other, { ...unset, permutations: 50 }).rows[0]!.test.relabellings).toBe(51);
  });

  it('state the test in words: the merged-histogram tax, the Welch interval, the rank tests beside it', () => {
    expect(TEST_DESCRIPTION).toMatch(/^tax = mesh − baseline percentile of merged histograms; change = current − baseline tax; /);
    expect(TEST_DESCRIPTION).toContain('Welch t interval and p-value on the round-bootstrap SEs of the two runs plus the run-to-run variance from the history (2τ²), ');
    expect(TEST_DESCRIPTION).toContain('the change taken at equal machine speed (baseline p50) when the history has a speed line that reaches both runs; ');
    expect(TEST_DESCRIPTION).toMatch(/shown beside it: min\(Mann-Whitney U, Kolmogorov-Smirnov\) permutation p-value on per-round taxes$/);
  });
});

describe('a refused comparison', () => {
  const baseline = fabricateRecord({ seed: 85, rounds: 3, samplesPerTrial: 100 });

  it('of two scenarios says to compare against the same scenario’s baseline', () => {
    const other = fabricateRecord({ seed: 86, rounds: 3, samplesPerTrial: 100, scenario: 'plaintext' });
    expect(() => compareRecords(baseline, other, options)).toThrow(expect.objectContaining({ hint: 'Compare a run against a baseline of the same scenario (results/baselines/<scenario>.json).' }) as BadInputError);
  });

  it('of two machines lists each difference on its own line', () => {
    const other = fabricateRecord({ seed: 87, rounds: 3, samplesPerTrial: 100, environment: environmentWith({ model: 'Intel Xeon', kernel: '6.1.0' }) });
    expect(() => compareRecords(baseline, other, options)).toThrow(/\n {2}cpuModel: baseline AMD EPYC, current Intel Xeon\n {2}kernel: baseline 6\.18\.44, current 6\.1\.0$/);
  });
});
