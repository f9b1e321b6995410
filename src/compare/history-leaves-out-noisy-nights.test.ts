import { expect, it } from 'vitest';
import { DEFAULT_REGRESSION } from '../config/schema.js';
import { analyseHistory, historyEntry } from './history.js';
import { fabricateRecord } from '../testing/fabricate-record.js';

it('keeps a disturbed night in the history but out of the series change points are searched in', () => {
  const quiet = fabricateRecord({ seed: 71, rounds: 3, samplesPerTrial: 200, runId: 'quiet' });
  const disturbed = fabricateRecord({ seed: 72, rounds: 3, samplesPerTrial: 200, runId: 'stolen', startedAt: '2026-01-02T02:00:00.000Z', probes: { dedicated: { stealPctMean: 30 } } });
  const entries = [historyEntry(quiet, DEFAULT_REGRESSION), historyEntry(disturbed, DEFAULT_REGRESSION)];
  expect(entries[1]!.disturbances).toEqual([{ profile: 'dedicated', rateRps: 500, newConnectionEvery: 0, reasons: ['mean CPU steal 30% > 5%'] }]);
  expect(entries[1]!.rows.every((r) => r.noisy)).toBe(true);
  const series = analyseHistory(entries);
  expect(series).toHaveLength(3);
  for (const s of series) {
    expect(s.points.map((p) => p.runId)).toEqual(['quiet']);
    expect(s.skipped).toBe(1);
  }
});
