import { describe, expect, it } from 'vitest';
import { DEFAULT_REGRESSION } from '../config/schema.js';
import { fabricateRecord } from '../testing/fabricate-record.js';
import { compareRecords } from './compare.js';
import { describeFingerprint, fingerprint } from './fingerprint.js';
import type { ComparableRecord } from './noise.js';

// The comparison as a whole: its verdict is its worst row's, the confidence it judges at is the one
// the current run stated, and each side is named by what identifies that run. No no-change bands:
// these fabricated runs are small, and a row must be able to stay undecided.
const options = { regression: { ...DEFAULT_REGRESSION, noChangeBandUs: {} }, permutations: 50, resamples: 200, seed: 5 };
const run = (seed: number, extra: Partial<Parameters<typeof fabricateRecord>[0]> = {}) => fabricateRecord({ seed, rounds: 6, samplesPerTrial: 400, percentiles: [50, 99], ...extra });
const TEN_ROUNDS = Array.from({ length: 10 }, (_, i) => i);

describe('the verdict of a comparison', () => {
  it('is its worst row’s: a stall in the tail makes p99 a regression while p50 does not change', () => {
    const c = compareRecords(run(61, { rounds: 10 }), run(62, { rounds: 10, meshStall: { rounds: TEN_ROUNDS, share: 0.05, extraUs: 5000 } }), options);
    expect(c.rows.map((r) => [r.percentile, r.verdict])).toEqual([
      [50, 'no-change'],
      [99, 'regression'],
    ]);
    expect(c.verdict).toBe('regression');
    expect(c.extraRounds).toBeNull();
  });

  it('cannot tell when one row cannot, though another did not change, and asks for that row’s extra rounds', () => {
    const c = compareRecords(run(63, { rounds: 10 }), run(64, { rounds: 10 }), options);
    expect(c.rows.map((r) => r.verdict)).toEqual(['no-change', 'cant-tell']);
    expect(c.verdict).toBe('cant-tell');
    expect(c.extraRounds).toBe(c.rows[1]!.extraRounds);
    expect(c.extraRounds).toBeGreaterThan(0);
  });

  it('is an improvement when the mesh got cheaper at every row', () => {
    const cheaper = compareRecords(run(65, { extraMeshUs: 400 }), run(66), options);
    expect(cheaper.rows.map((r) => r.verdict)).toEqual(['improvement', 'improvement']);
    expect(cheaper.verdict).toBe('improvement');
    expect(cheaper.extraRounds).toBeNull();
  });

  it('cannot tell when the two records share no row', () => {
    const c = compareRecords(run(67, { percentiles: [50] }), run(68, { percentiles: [99] }), options);
    expect(c.rows).toEqual([]);
    expect(c.unmatched.map((u) => [u.side, u.percentile])).toEqual([
      ['baseline', 50],
      ['current', 99],
    ]);
    expect(c.verdict).toBe('cant-tell');
    expect(c.extraRounds).toBeNull();
  });
});

describe('the confidence a comparison judges at', () => {
  const baseline = run(69);
  const current = run(70);

  it('is a stopped run’s stated confidence, not the corrected one of its looks', () => {
    const stopped: ComparableRecord = { ...current, settings: { ...current.settings, confidence: 0.995 }, stopping: { confidence: 0.99 } as NonNullable<ComparableRecord['stopping']> };
    const c = compareRecords(baseline, stopped, options);
    expect(c.settings.confidence).toBe(0.99);
    expect(compareRecords(baseline, stopped, { ...options, confidence: 0.9 }).settings.confidence).toBe(0.9);
  });

  it('widens the interval of the change as it rises', () => {
    const at = (confidence: number) => compareRecords(baseline, current, { ...options, confidence }).rows[0]!.changeCiUs;
    const [low90, high90] = at(0.9);
    const [low99, high99] = at(0.99);
    expect(low99!).toBeLessThan(low90!);
    expect(high99!).toBeGreaterThan(high90!);
  });
});

describe('the runs a comparison names', () => {
  it('carry each run’s id, start, state, configured rounds, Envoy, fidelity and machine', () => {
    const baseline = run(71, { runId: 'base-1', startedAt: '2026-11-01T02:00:00.000Z' });
    const current: ComparableRecord = { ...run(72, { runId: 'cur-2', startedAt: '2026-11-02T02:00:00.000Z' }), state: 'partial' };
    const c = compareRecords(baseline, current, options);
    expect(c.current).toEqual({
      runId: 'cur-2',
      startedAt: '2026-11-02T02:00:00.000Z',
      state: 'partial',
      rounds: 6,
      envoyVersion: current.envoy.version,
      fidelity: current.fidelity.level,
      fingerprint: fingerprint(current),
      environment: describeFingerprint(fingerprint(current)),
    });
    expect(c.baseline).toMatchObject({ runId: 'base-1', startedAt: '2026-11-01T02:00:00.000Z', state: 'completed' });
    expect(c.schemaVersion).toBe(1);
  });
});

describe('the reason of a row', () => {
  it('carries the note on unknown run-to-run variance only when no history was given', () => {
    const baseline = run(73);
    const current = run(74);
    const unknown = compareRecords(baseline, current, options).rows[0]!;
    const note = ' (run-to-run variance unknown: no history of comparable nights, taken as 0)';
    expect(unknown.reason.endsWith(note)).toBe(true);
    // a history whose nights do not differ (SD 0) gives the same interval and decision, without the note
    const known = compareRecords(baseline, current, { ...options, runToRun: () => ({ spreadUs: 0, typicalSeUs: 0, nights: 5 }) }).rows[0]!;
    expect(known.changeCiUs).toEqual(unknown.changeCiUs);
    expect(known.reason).toBe(unknown.reason.slice(0, -note.length));
  });
});

describe('the extra rounds a comparison asks for', () => {
  it('are the most any cant-tell row needs: 8 at p50 and 20 at p99 ask for 20', () => {
    const few = (seed: number, rounds: number) => fabricateRecord({ seed, rounds, samplesPerTrial: 200, percentiles: [50, 99] });
    const c = compareRecords(few(93, 6), few(94, 5), options);
    expect(c.rows.map((r) => [r.verdict, r.extraRounds])).toEqual([
      ['cant-tell', 8],
      ['cant-tell', 20],
    ]);
    expect(c.extraRounds).toBe(20);
  });
});
