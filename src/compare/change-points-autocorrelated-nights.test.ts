import { expect, it } from 'vitest';
import { gaussian } from '../testing/synthetic-run.js';
import { detectChangePoints } from './change-points.js';

/** A series of nightly taxes whose noise is AR(1): each night keeps `rho` of the last night's offset. */
export function ar1Series(length: number, rho: number, seed: number, sdUs = 15): number[] {
  const normal = gaussian(seed);
  let e = normal(sdUs / Math.sqrt(1 - rho * rho)) * Math.sqrt(1 - rho * rho);
  return Array.from({ length }, () => {
    e = rho * e + normal(sdUs);
    return 260 + e;
  });
}

it('stays near its level when nights are autocorrelated (AR(1), ρ = 0.5; 40 nights, α = 0.01)', () => {
  const repeats = 60;
  let falseAlarms = 0;
  for (let r = 0; r < repeats; r++) if (detectChangePoints(ar1Series(40, 0.5, 7000 + r), { seed: r, permutations: 199 }).length > 0) falseAlarms++;
  console.info(`AR(1) ρ=0.5: ${falseAlarms}/${repeats} series with a false alarm`);
  expect(falseAlarms).toBeLessThanOrEqual(3);
});
