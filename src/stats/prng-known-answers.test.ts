import { describe, expect, it } from 'vitest';
import { mulberry32, shuffleInPlace } from './prng.js';

// mulberry32's published algorithm gives these first draws (a separate 32-bit implementation of
// it): every CI's reproducibility from its seed rests on them. Fisher–Yates with given uniforms.
describe('mulberry32', () => {
  it('draws the known sequence for a seed, any 32-bit seed', () => {
    const first = (seed: number, n: number) => Array.from({ length: n }, mulberry32(seed));
    expect(first(0, 3)).toEqual([0.26642920868471265, 0.0003297457005828619, 0.2232720274478197]);
    expect(first(42, 3)).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
    expect(first(0xdeadbeef, 3)).toEqual([0.9413696140982211, 0.26719574979506433, 0.772033357527107]);
    expect(first(-1, 2)).toEqual([0.8964226141106337, 0.189478256739676]);
  });
});

describe('a Fisher–Yates shuffle', () => {
  it('swaps each position from the end with one drawn at or before it', () => {
    // uniforms 0.99, 0, 0.5 for i = 3, 2, 1: j = 3, 0, 1
    const draws = [0.99, 0, 0.5];
    const shuffled = shuffleInPlace(['a', 'b', 'c', 'd'], () => draws.shift()!);
    expect(shuffled).toEqual(['c', 'b', 'a', 'd']);
    expect(draws).toEqual([]);
  });

  it('leaves one item and none as they are, and returns the array it shuffled', () => {
    const one = [7];
    expect(shuffleInPlace(one, () => 0.3)).toBe(one);
    expect(shuffleInPlace([], () => 0.3)).toEqual([]);
  });

  it('makes every order of three about equally likely', () => {
    const random = mulberry32(5);
    const counts = new Map<string, number>();
    for (let i = 0; i < 6000; i++) {
      const key = shuffleInPlace([1, 2, 3], random).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    // 1000 expected each, sd ≈ 29: ±150 is ~5 sd
    for (const n of counts.values()) expect(Math.abs(n - 1000)).toBeLessThan(150);
  });
});
