import { describe, expect, it } from 'vitest';
import { binomialTwoSidedP, droppedTrials, verdictAfterDrops } from './dropped.js';

// What the drops were, on which side, and the sentence that withholds a verdict — exact figures.
const trials = (mesh: number, droppedMesh: number, baseline: number, droppedBaseline: number) => [
  ...Array.from({ length: mesh }, (_, i) => ({ variant: 'mesh' as const, valid: i >= droppedMesh })),
  ...Array.from({ length: baseline }, (_, i) => ({ variant: 'baseline' as const, valid: i >= droppedBaseline })),
];

describe('dropped trials', () => {
  it('are counted per side, with the exact binomial p of their split', () => {
    expect(droppedTrials(trials(28, 3, 28, 1))).toEqual({ trials: 56, dropped: 4, droppedBaseline: 1, droppedMesh: 3, oneSided: null, splitP: expect.closeTo(0.625, 12) });
  });

  it('are split against the sides’ shares of trials, not half and half', () => {
    // 20 mesh and 10 baseline trials, 4 mesh drops: P = (1/3)⁴ + 4·(2/3)(1/3)³ + (2/3)⁴ = 25/81
    expect(droppedTrials(trials(20, 4, 10, 0)).splitP).toBeCloseTo(25 / 81, 12);
    expect(binomialTwoSidedP(4, 4, 0.5)).toBeCloseTo(0.125, 12);
  });

  it('are none of none: p = 1, no side', () => {
    expect(droppedTrials([])).toEqual({ trials: 0, dropped: 0, droppedBaseline: 0, droppedMesh: 0, oneSided: null, splitP: 1 });
    expect(droppedTrials(trials(4, 0, 4, 0))).toMatchObject({ dropped: 0, oneSided: null, splitP: 1 });
  });

  it('lean to a side only below the 5% level', () => {
    // 5 of 5 drops on the mesh side of an even split: p = 2/32 = 0.0625, chance; 6 of 6: 0.03125
    expect(droppedTrials(trials(28, 5, 28, 0))).toMatchObject({ oneSided: null, splitP: expect.closeTo(0.0625, 12) });
    expect(droppedTrials(trials(28, 6, 28, 0))).toMatchObject({ oneSided: 'mesh', splitP: expect.closeTo(0.03125, 12) });
    expect(droppedTrials(trials(28, 0, 28, 6)).oneSided).toBe('baseline');
  });
});

describe('the binomial split p-value', () => {
  it('is 1 when a side cannot hold a drop, and for no drops', () => {
    expect(binomialTwoSidedP(2, 4, 0)).toBe(1);
    expect(binomialTwoSidedP(2, 4, 1)).toBe(1);
    expect(binomialTwoSidedP(0, 0, 0.5)).toBe(1);
  });

  it('sums every outcome no more probable than the one seen (R binom.test)', () => {
    // binom.test(1, 10, 0.3): P(1) 0.1211 + P(0) 0.0282 + P(5) 0.1029 + P(≥ 6) 0.0473
    expect(binomialTwoSidedP(1, 10, 0.3)).toBeCloseTo(0.2996, 4);
    expect(binomialTwoSidedP(5, 10, 0.5)).toBeCloseTo(1, 12);
  });
});

describe('a verdict after drops', () => {
  it('is withheld from a PASS above 20% dropped, with the count in words', () => {
    const d = droppedTrials(trials(10, 3, 10, 2)); // 5 of 20
    expect(verdictAfterDrops('PASS', d)).toEqual({ verdict: 'INCONCLUSIVE', withheld: '5 of 20 trials were dropped (more than 20%): what remains cannot show the tax is within budget' });
  });

  it('stands at exactly 20% dropped', () => {
    expect(verdictAfterDrops('PASS', droppedTrials(trials(10, 2, 10, 2)))).toEqual({ verdict: 'PASS', withheld: null });
  });

  it('says which side the drops fell on when it withholds for that', () => {
    expect(verdictAfterDrops('PASS', droppedTrials(trials(40, 6, 40, 0))).withheld).toBe('the drops fell on the mesh side (6 mesh, 0 baseline): the mesh trials kept may be its fastest');
    expect(verdictAfterDrops('FAIL', droppedTrials(trials(40, 0, 40, 6))).withheld).toBe('the drops fell on the baseline side (6 baseline, 0 mesh): the baseline trials kept may be its fastest');
  });

  it('leaves an INCONCLUSIVE as it is, and a FAIL with many drops', () => {
    expect(verdictAfterDrops('INCONCLUSIVE', droppedTrials(trials(40, 20, 40, 0)))).toEqual({ verdict: 'INCONCLUSIVE', withheld: null });
    expect(verdictAfterDrops('FAIL', droppedTrials(trials(10, 5, 10, 5)))).toEqual({ verdict: 'FAIL', withheld: null });
    expect(verdictAfterDrops('PASS', { trials: 0, dropped: 0, droppedBaseline: 0, droppedMesh: 0, oneSided: null, splitP: 1 })).toEqual({ verdict: 'PASS', withheld: null });
  });
});
