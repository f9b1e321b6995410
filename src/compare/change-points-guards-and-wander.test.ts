import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../stats/index.js';
import { detectChangePoints, lagOneAutocorrelation } from './change-points.js';

// Small cases at the edges of the search: its input checks, the shortest series it searches, the
// persistence of 4 nights, and slow wander (AR(1), ρ = 0.9) that must not pass for a change.
describe('the change-point search at its edges', () => {
  it('says which values it refuses, and takes a minimum segment of 1', () => {
    expect(() => detectChangePoints([1, Infinity, 3])).toThrow('detectChangePoints: values must be finite');
    expect(() => detectChangePoints([1, 2, 3, 4], { minSegment: 1, permutations: 9 })).not.toThrow();
  });

  it('searches a series exactly twice the minimum segment long (7 nights, 6 once whitened)', () => {
    // 6 whitened nights split 3 | 3: a clean split is beaten by about 1 in 10 shuffles
    const [found, ...others] = detectChangePoints([0, 0, 0, 0, 10, 10, 10], { seed: 1, alpha: 0.3 });
    expect(others).toEqual([]);
    expect(found!.index).toBe(4);
    expect(found!.pValue).toBeGreaterThan(0.05);
    expect(found!.pValue).toBeLessThan(0.2);
  });

  it('measures the persistence of as few as 4 nights: 1, 2, 3, 4 → ρ̂ 0.25 + (1 + 0.75)/4', () => {
    // residuals −1.5, −0.5, 0.5, 1.5: Σ lag products 1.25 over Σ squares 5
    expect(lagOneAutocorrelation([[1, 2, 3, 4]])).toBeCloseTo(0.6875, 12);
  });
});

describe('slow wander of nights', () => {
  /** 40 nights of AR(1) with ρ = 0.9 around 250 µs, innovations SD 10 µs (a sum of 12 uniforms). */
  function wander(seed: number): number[] {
    const random = mulberry32(seed);
    const innovation = () => 10 * (Array.from({ length: 12 }, random).reduce((a, b) => a + b, 0) - 6);
    const nights: number[] = [];
    let x = 0;
    for (let t = 0; t < 40; t++) nights.push(250 + (x = 0.9 * x + innovation()));
    return nights;
  }
  const halfMeans = (xs: number[]) => [xs.slice(0, 20), xs.slice(20)].map((h) => h.reduce((a, b) => a + b, 0) / h.length);

  it.each([2, 6])('is not taken for a change, though the halves’ means differ by about one SD (seed %i)', (seed) => {
    const nights = wander(seed);
    const [first, second] = halfMeans(nights);
    expect(Math.abs(second! - first!)).toBeGreaterThan(15);
    expect(detectChangePoints(nights, { seed: 3 })).toEqual([]);
  });
});
