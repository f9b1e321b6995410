import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../record/index.js';
import { studentTQuantile } from '../stats/index.js';
import { runToRunSpread } from './history.js';

// Nights whose tax follows the machine's speed (their baseline p50): the spread about the line is
// far smaller than the spread of the taxes, and that is the run-to-run SD of runs at equal speed.
// By hand (numpy): taxes 600 640 580 620 610 650 590 630 at speeds 180 200 170 190 185 210 175
// 195, each night's SE 2 µs → residual variance 8.1871345, τ about the line √(8.1871345 − 4)
// = 2.0462490; τ of the taxes √(600 − 4) = 24.413111.
const LEVEL = { profile: 'dedicated', rateRps: 500, newConnectionEvery: 0 };
const ROUNDS = 8;
const TAXES = [600, 640, 580, 620, 610, 650, 590, 630];
const SPEEDS = [180, 200, 170, 190, 185, 210, 175, 195];
const SE = 2;

function nights(count: number, speed: (i: number) => number | null = (i) => SPEEDS[i]!): HistoryEntry[] {
  const half = SE * studentTQuantile(0.975, ROUNDS - 1);
  return TAXES.slice(0, count).map((taxUs, i) => ({
    schemaVersion: 1, runId: `n${i}`, startedAt: '', scenario: 's', state: 'completed', envoyVersion: 'e', fidelity: 'full', environment: 'm', quick: false, rounds: ROUNDS, confidence: 0.95,
    rows: [{ ...LEVEL, percentile: 50, taxUs, ciUs: [taxUs - half, taxUs + half], rounds: ROUNDS, noisy: false, baselineUs: speed(i) }],
    disturbances: [],
  }));
}

describe('run-to-run spread about the nights\' speed line', () => {
  const like = { environment: 'm', envoyVersion: 'e' };
  const row = { ...LEVEL, percentile: 50 };

  it('leaves far less offset about the line than in the plain spread, once the nights\' own SEs are taken out', () => {
    const spread = runToRunSpread(nights(8), row, like)!;
    expect(spread.typicalSeUs).toBeCloseTo(SE, 9);
    expect(Math.sqrt(spread.spreadUs ** 2 - SE ** 2)).toBeCloseTo(24.413111, 5);
    expect(Math.sqrt(spread.speed!.offsetVariance)).toBeCloseTo(2.046249, 5);
    expect(spread.speed!.slopeVariance).toBeCloseTo(8.1871345 / 1246.875, 9);
    expect(spread.speed!.slope).toBeCloseTo(1.8245614, 6);
  });

  it('needs eight nights, each with a speed', () => {
    expect(runToRunSpread(nights(7), row, like)!.speed).toBeNull();
    expect(runToRunSpread(nights(8, (i) => (i === 4 ? null : SPEEDS[i]!)), row, like)!.speed).toBeNull();
    expect(runToRunSpread(nights(8, () => 190), row, like)!.speed).toBeNull();
  });
});
