/**
 * historyOptions: what compare, bench --baseline and a run's looks learn from the history — only
 * from nights like the run compared (same machine fingerprint and Envoy).
 */
import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../record/index.js';
import { fabricateRecord } from '../testing/fabricate-record.js';
import { describeFingerprint, fingerprint } from './fingerprint.js';
import { historyOptions } from './history-options.js';

const current = fabricateRecord({ seed: 7, samplesPerTrial: 200 });
const level = { profile: 'dedicated', rateRps: 500, newConnectionEvery: 0 };
const here = { environment: describeFingerprint(fingerprint(current)), envoyVersion: current.envoy.version };

function night(i: number, taxUs: number, like: { environment: string; envoyVersion: string }, noisy = false): HistoryEntry {
  return {
    schemaVersion: 1, runId: `n${i}`, startedAt: `2026-11-30T0${i}:00:00Z`, scenario: 's', state: 'completed', fidelity: 'full', quick: false, rounds: 8, confidence: 0.95, disturbances: [],
    ...like,
    rows: [{ ...level, percentile: 50, taxUs, ciUs: [taxUs - 10, taxUs + 10], rounds: 8, noisy, baselineUs: null }],
  };
}

describe('historyOptions', () => {
  it('learns nothing without a history', () => {
    expect(historyOptions([], current)).toEqual({});
  });

  it('takes the spread and the usual disturbance from nights of the same machine and Envoy only', () => {
    const taxes = [600, 620, 640, 660, 680, 700];
    const elsewhere = { environment: 'another machine', envoyVersion: here.envoyVersion };
    const entries = [...taxes.map((t, i) => night(i, t, here, i === 5)), night(6, 5000, elsewhere, true), night(7, 5000, { ...here, envoyVersion: 'other' }, true)];
    const options = historyOptions(entries, current);
    const row = { ...level, percentile: 50 };
    // the five quiet nights here: 600–680, SD √1000; the noisy one, the other machine's and the other Envoy's are left out
    expect(options.runToRun!(row)!.nights).toBe(5);
    expect(options.runToRun!(row)!.spreadUs).toBeCloseTo(Math.sqrt(1000), 9);
    expect(options.usualNoise!(row)).toEqual({ nights: 6, disturbed: 1 });
  });
});
