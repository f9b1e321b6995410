import { describe, expect, it } from 'vitest';
import { gaussian } from '../testing/synthetic-run.js';
import { rankTest } from './rank-test.js';

// Under "no change" (both samples from one distribution) a test at level α must say "different"
// about α of the time. Taking min(p_MWU, p_KS) at face value would exceed that; the calibrated p must not.
function falseAlarms(nA: number, nB: number, repeats: number, alpha: number) {
  let calibrated = 0;
  for (let r = 0; r < repeats; r++) {
    const normal = gaussian(7000 + r);
    const a = Array.from({ length: nA }, () => normal(25));
    const b = Array.from({ length: nB }, () => Math.round(normal(25) * 2) / 2);
    if (rankTest(a, b, { seed: r, permutations: 1000 }).pValue <= alpha) calibrated++;
  }
  return calibrated / repeats;
}

describe('the rank test on per-round taxes', () => {
  it('says "different" about alpha of the time when nothing changed (10 v 10 rounds, 400 repeats)', () => {
    const rate = falseAlarms(10, 10, 400, 0.05);
    console.info(`rank test, 10 v 10 rounds, α = 0.05: false-alarm rate ${rate}`);
    expect(rate).toBeLessThanOrEqual(0.08);
  });

  it('is exact for 5 v 5 rounds (all 252 relabellings) and never below its smallest attainable p', () => {
    const t = rankTest([1, 2, 3, 4, 5], [6, 7, 8, 9, 10], { seed: 1 });
    expect(t.exact).toBe(true);
    expect(t.relabellings).toBe(252);
    expect(t.pValue).toBeCloseTo(2 / 252, 10);
    expect(t.probabilityGreater).toBe(1);
    expect(t.ksD).toBe(1);
  });

  it('finds no difference between identical samples, ties included', () => {
    const t = rankTest([3, 3, 4, 5], [3, 3, 4, 5], { seed: 1 });
    expect(t.pValue).toBe(1);
    expect(t.probabilityGreater).toBe(0.5);
  });
});
