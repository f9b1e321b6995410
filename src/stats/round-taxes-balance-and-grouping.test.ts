import { describe, expect, it } from 'vitest';
import { byRound, roundTaxes, valueAt } from './round-taxes.js';
import type { TrialSample } from './types.js';

// Hand-made rounds: which rounds are balanced (all four ABBA slots valid), how samples group by
// round, and the values a valid trial must carry.
const trial = (round: number, variant: 'baseline' | 'mesh', slot: 0 | 1, p50: number, valid = true): TrialSample => ({ round, variant, slot, valid, percentilesUs: { '50': p50 } });
const abba = (round: number, baseline: [number, number], mesh: [number, number]) => [
  trial(round, 'baseline', 0, baseline[0]),
  trial(round, 'mesh', 0, mesh[0]),
  trial(round, 'mesh', 1, mesh[1]),
  trial(round, 'baseline', 1, baseline[1]),
];

describe('a round’s tax', () => {
  it('is the mean of its valid mesh slots minus the mean of its valid baseline slots, balanced when all four count', () => {
    const samples = [...abba(0, [100, 120], [400, 420]), ...abba(1, [100, 140], [400, 460])];
    samples[5] = { ...samples[5]!, valid: false }; // round 1, mesh slot 0
    expect(roundTaxes(samples, 50)).toEqual([
      { round: 0, baselineUs: 110, meshUs: 410, taxUs: 300, balanced: true },
      { round: 1, baselineUs: 120, meshUs: 460, taxUs: 340, balanced: false },
    ]);
  });

  it('is unbalanced when only a baseline slot is missing', () => {
    const samples = abba(0, [100, 120], [400, 420]).filter((t) => !(t.variant === 'baseline' && t.slot === 1));
    expect(roundTaxes(samples, 50)).toEqual([{ round: 0, baselineUs: 100, meshUs: 410, taxUs: 310, balanced: false }]);
  });
});

describe('samples by round', () => {
  it('hold exactly each round’s samples, rounds ascending', () => {
    const r0 = abba(0, [1, 2], [3, 4]);
    const r3 = abba(3, [5, 6], [7, 8]);
    const grouped = byRound([...r3, ...r0]);
    expect([...grouped.keys()]).toEqual([0, 3]);
    expect(grouped.get(0)).toEqual(r0);
    expect(grouped.get(3)).toEqual(r3);
  });
});

describe('a trial’s value at a percentile', () => {
  it('is read when finite, refused when missing or not finite', () => {
    expect(valueAt(trial(2, 'mesh', 1, 345), '50')).toBe(345);
    expect(() => valueAt(trial(2, 'mesh', 1, 345), '99')).toThrow('trial round 2 mesh slot 1 has no finite p99');
    expect(() => valueAt(trial(2, 'mesh', 1, Number.NaN), '50')).toThrow(/no finite p50/);
    expect(() => valueAt(trial(2, 'mesh', 1, Infinity), '50')).toThrow(/no finite p50/);
  });
});
