import { describe, expect, it } from 'vitest';
import { mulberry32 } from './prng.js';

const draws = (seed: number, n: number) => Array.from({ length: n }, mulberry32(seed));

describe('mulberry32', () => {
  it('repeats its sequence for a seed and changes it with the seed', () => {
    expect(draws(42, 5)).toEqual(draws(42, 5));
    expect(draws(43, 5)).not.toEqual(draws(42, 5));
  });

  it('is uniform on [0, 1): every tenth of the range gets about a tenth of 20 000 draws', () => {
    const values = draws(7, 20_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const counts = new Array<number>(10).fill(0);
    for (const u of values) counts[Math.floor(u * 10)]! += 1;
    // expected 2000 each, sd ≈ 42: ±200 is ~5 sd
    for (const count of counts) expect(Math.abs(count - 2000)).toBeLessThan(200);
  });
});
