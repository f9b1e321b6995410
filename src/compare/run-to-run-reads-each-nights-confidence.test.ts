import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../record/index.js';
import { studentTQuantile } from '../stats/index.js';
import { runToRunSpread } from './history.js';

// A run that stopped at a sequential look prints 99% intervals; its standard error must come out
// the same as the same night's at 95%, or the run-to-run spread is misjudged.
const LEVEL = { profile: 'dedicated', rateRps: 500, newConnectionEvery: 0 };
const ROUNDS = 8;
const TAXES = [300, 340, 280, 360, 310, 330];
const SE = 20;

function nights(confidence: number, write?: number): HistoryEntry[] {
  const half = SE * studentTQuantile(1 - (1 - confidence) / 2, ROUNDS - 1);
  return TAXES.map((taxUs, i) => ({
    schemaVersion: 1, runId: `n${i}`, startedAt: '', scenario: 's', state: 'completed', envoyVersion: 'e', fidelity: 'full', environment: 'm', quick: false, rounds: ROUNDS,
    confidence: write ?? confidence,
    rows: [{ ...LEVEL, percentile: 50, taxUs, ciUs: [taxUs - half, taxUs + half], rounds: ROUNDS, noisy: false }],
    disturbances: [],
  }));
}

describe('run-to-run spread from nights at different confidences', () => {
  const like = { environment: 'm', envoyVersion: 'e' };
  const row = { ...LEVEL, percentile: 50 };

  it('gives the same spread for 99% and 95% intervals of the same nights', () => {
    const at95 = runToRunSpread(nights(0.95), row, like)!;
    const at99 = runToRunSpread(nights(0.99), row, like)!;
    expect(at99.typicalSeUs).toBeCloseTo(at95.typicalSeUs, 6);
    expect(at95.typicalSeUs).toBeCloseTo(SE, 6);
    const sample = TAXES.reduce((s, t) => s + (t - 320) ** 2, 0) / (TAXES.length - 1);
    expect(at95.spreadUs).toBeCloseTo(Math.sqrt(sample), 6);
  });

  it('would overstate each night’s error (and understate the spread) if 99% intervals were read as 95%', () => {
    const misread = runToRunSpread(nights(0.99, 0.95), row, like)!;
    expect(misread.typicalSeUs).toBeGreaterThan(runToRunSpread(nights(0.99), row, like)!.typicalSeUs + 1);
  });
});
