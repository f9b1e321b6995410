import { expect, it } from 'vitest';
import { gaussian } from '../testing/synthetic-run.js';
import { detectChangePoints } from './change-points.js';

it('reports a change point in at most 1 of 40 series of pure noise (α = 0.01, 30 nights each)', () => {
  const repeats = 40;
  let falseAlarms = 0;
  for (let r = 0; r < repeats; r++) {
    const normal = gaussian(9000 + r);
    // heavy-ish tails: a mix of two spreads, as nightly taxes look
    const series = Array.from({ length: 30 }, (_, i) => 260 + normal(i % 7 === 0 ? 40 : 15));
    if (detectChangePoints(series, { seed: r }).length > 0) falseAlarms++;
  }
  console.info(`change points on pure noise: ${falseAlarms}/${repeats} series with a false alarm`);
  expect(falseAlarms).toBeLessThanOrEqual(1);
});
