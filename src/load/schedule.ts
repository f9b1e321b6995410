import { mulberry32 } from '../stats/prng.js';

/**
 * Intended send times for an open loop, in µs from the trial start. Uniform: evenly spaced.
 * Poisson: exponential gaps with a seeded generator, so two runs offer the same arrivals.
 */
export function* arrivalsUs(arrival: 'uniform' | 'poisson', rateRps: number, durationS: number, seed: number): Generator<number> {
  const meanGapUs = 1e6 / rateRps;
  const endUs = durationS * 1e6;
  const random = mulberry32(seed);
  let t = arrival === 'uniform' ? 0 : -Math.log(1 - random()) * meanGapUs;
  while (t < endUs) {
    yield t;
    t += arrival === 'uniform' ? meanGapUs : -Math.log(1 - random()) * meanGapUs;
  }
}
