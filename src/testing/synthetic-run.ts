// Test support only (not exported from index.ts): synthetic ABBA runs where the true tax is known.
import { percentileLabel } from '../stats/percentiles.js';
import { mulberry32 } from '../stats/prng.js';
import type { TrialSample, Variant } from '../stats/types.js';

export interface SyntheticRunSpec {
  readonly rounds: number;
  readonly seed: number;
  /** Percentile the values are stored under. Default 50. */
  readonly percentile?: number;
  /** Typical baseline latency, µs. Default 300. */
  readonly baselineUs?: number;
  /** True tax added to every mesh trial, µs. Default 250. */
  readonly taxUs?: number;
  /** SD of each trial's own noise, µs. Default 30. */
  readonly trialNoiseUs?: number;
  /** SD of a drift shared by the four trials of a round (a busy machine), µs. Default 50. */
  readonly roundDriftUs?: number;
  /** Linear drift within a round: each ABBA position adds this much more, µs. Default 0. */
  readonly driftPerTrialUs?: number;
}

/** ABBA order within a round: position → (variant, slot). */
export const ABBA: readonly { variant: Variant; slot: 0 | 1 }[] = [
  { variant: 'baseline', slot: 0 },
  { variant: 'mesh', slot: 0 },
  { variant: 'mesh', slot: 1 },
  { variant: 'baseline', slot: 1 },
];

/** Normal deviates (Box–Muller) from a seeded uniform source. */
export function gaussian(seed: number): (sd: number) => number {
  const uniform = mulberry32(seed);
  return (sd) => sd * Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

export function syntheticRun(spec: SyntheticRunSpec): TrialSample[] {
  const { baselineUs = 300, taxUs = 250, trialNoiseUs = 30, roundDriftUs = 50, driftPerTrialUs = 0 } = spec;
  const label = percentileLabel(spec.percentile ?? 50);
  const normal = gaussian(spec.seed);
  const samples: TrialSample[] = [];
  for (let round = 0; round < spec.rounds; round++) {
    const roundDrift = normal(roundDriftUs);
    ABBA.forEach(({ variant, slot }, position) => {
      const shift = variant === 'mesh' ? taxUs : 0;
      const value = baselineUs + shift + roundDrift + position * driftPerTrialUs + normal(trialNoiseUs);
      samples.push({ round, variant, slot, valid: true, percentilesUs: { [label]: value } });
    });
  }
  return samples;
}

/** The same samples with the listed (round, variant, slot) trials marked invalid. */
export function invalidate(
  samples: readonly TrialSample[],
  trials: readonly { round: number; variant: Variant; slot: 0 | 1 }[],
): TrialSample[] {
  return samples.map((s) =>
    trials.some((t) => t.round === s.round && t.variant === s.variant && t.slot === s.slot) ? { ...s, valid: false } : s,
  );
}
