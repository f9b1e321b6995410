// Test and benchmark support only: simulated runs whose true tax is known, as round spectra, to
// measure how often an interval covers the truth (bench/coverage.ts and the unit test beside it).
import type { RoundSpectra } from '../merged-tax.js';
import { mulberry32 } from '../prng.js';
import type { LatencySpectrum } from '../spectrum.js';
import type { TrialSpectrum } from '../round-spectra.js';

/** HdrHistogram's 3-significant-digit grid: a value's highest equivalent value (µs, ≥ 1). */
export function hdrBucketUs(us: number): number {
  const v = Math.max(1, Math.round(us));
  if (v < 2048) return v;
  const shift = Math.floor(Math.log2(v)) - 10;
  const step = 2 ** shift;
  return Math.floor(v / step) * step + step - 1;
}

/** Sorted run-length counts of values already on the grid. */
export function spectrumOfValues(values: Float64Array): LatencySpectrum {
  values.sort();
  const vs: number[] = [];
  const cs: number[] = [];
  for (const v of values) {
    if (vs.length > 0 && vs[vs.length - 1] === v) cs[cs.length - 1]!++;
    else {
      vs.push(v);
      cs.push(1);
    }
  }
  return { valuesUs: Float64Array.from(vs), counts: Float64Array.from(cs) };
}

export interface Random {
  uniform(): number;
  normal(): number;
}

export function randomSource(seed: number): Random {
  const uniform = mulberry32(seed);
  let spare: number | null = null;
  return {
    uniform,
    normal() {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      const r = Math.sqrt(-2 * Math.log(1 - uniform()));
      const a = 2 * Math.PI * uniform();
      spare = r * Math.sin(a);
      return r * Math.cos(a);
    },
  };
}

/**
 * A data-generating process: one request's latency for a side, given the offset the round and the
 * trial share (µs) and the round's index within a run of `rounds`.
 */
export interface Scenario {
  readonly name: string;
  /** Offset shared by the four trials of round r (machine state), µs. */
  roundOffsetUs(random: Random, round: number, rounds: number): number;
  /** Offset of one trial (its own GC, scheduling), µs. */
  trialOffsetUs(random: Random): number;
  requestUs(random: Random, side: 'baseline' | 'mesh', offsetUs: number): number;
}

const studentT3 = (random: Random) => {
  const z = random.normal();
  const chi = random.normal() ** 2 + random.normal() ** 2 + random.normal() ** 2;
  return z / Math.sqrt(chi / 3);
};

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'normal',
    roundOffsetUs: (random) => 20 * random.normal(),
    trialOffsetUs: (random) => 25 * random.normal(),
    requestUs: (random, side, offset) => 500 + offset + 60 * random.normal() + (side === 'mesh' ? 260 : 0),
  },
  {
    name: 'lognormal',
    roundOffsetUs: (random) => 20 * random.normal(),
    trialOffsetUs: (random) => 25 * random.normal(),
    // the mesh scales the request's own time: a tax that grows into the tail
    requestUs: (random, side, offset) => {
      const own = Math.exp(Math.log(150) + 0.6 * random.normal());
      return 150 + offset + (side === 'mesh' ? 200 + 1.5 * own : own);
    },
  },
  {
    name: 'heavy-tailed',
    roundOffsetUs: (random) => 20 * studentT3(random),
    trialOffsetUs: (random) => 25 * studentT3(random),
    // Pareto α = 2.5 service time; the mesh adds 260 µs and, to 10% of requests, an exponential 500 µs
    requestUs: (random, side, offset) => {
      const own = 100 * (1 - random.uniform()) ** (-1 / 2.5);
      const extra = side === 'mesh' ? 260 + (random.uniform() < 0.1 ? -500 * Math.log(1 - random.uniform()) : 0) : 0;
      return 150 + offset + own + extra;
    },
  },
  {
    name: 'drifting',
    // a slow trend and a wave across the run, on top of round noise
    roundOffsetUs: (random, round, rounds) => 200 * (round / Math.max(1, rounds - 1)) + 60 * Math.sin((2 * Math.PI * round) / 7) + 20 * random.normal(),
    trialOffsetUs: (random) => 25 * random.normal(),
    requestUs: (random, side, offset) => {
      const own = Math.exp(Math.log(150) + 0.6 * random.normal());
      return 150 + offset + (side === 'mesh' ? 200 + 1.5 * own : own);
    },
  },
];

export interface SimulatedRunSpec {
  readonly rounds: number;
  readonly requestsPerTrial: number;
  /** Added to every mesh request, µs (to move the truth across a budget). Default 0. */
  readonly shiftUs?: number;
}

/** One run: per round, the two baseline and two mesh trials merged per side. */
export function simulateRun(scenario: Scenario, spec: SimulatedRunSpec, random: Random): RoundSpectra[] {
  const rounds: RoundSpectra[] = [];
  const perSide = 2 * spec.requestsPerTrial;
  for (let r = 0; r < spec.rounds; r++) {
    const roundOffset = scenario.roundOffsetUs(random, r, spec.rounds);
    const baseline = new Float64Array(perSide);
    const mesh = new Float64Array(perSide);
    for (const [side, into] of [['baseline', baseline], ['mesh', mesh]] as const) {
      for (let t = 0; t < 2; t++) {
        const offset = roundOffset + scenario.trialOffsetUs(random) + (side === 'mesh' ? (spec.shiftUs ?? 0) : 0);
        for (let i = 0; i < spec.requestsPerTrial; i++) into[t * spec.requestsPerTrial + i] = hdrBucketUs(scenario.requestUs(random, side, offset));
      }
    }
    rounds.push({ round: r, baseline: spectrumOfValues(baseline), mesh: spectrumOfValues(mesh) });
  }
  return rounds;
}

/**
 * The true tax at each percentile for runs of `rounds` rounds: the percentiles of very many such
 * runs pooled (the merged histograms of infinitely many rounds and requests), mesh minus baseline.
 */
export function trueTaxUs(scenario: Scenario, spec: SimulatedRunSpec, percentiles: readonly number[], seed: number, pooledRequests = 4_000_000): number[] {
  const random = randomSource(seed);
  // Few requests per trial and very many rounds: the truth is a mixture over rounds and trials, and
  // heavy-tailed round offsets need tens of thousands of rounds to settle.
  const pooled = { ...spec, requestsPerTrial: 25 };
  const runs = Math.max(1, Math.round(pooledRequests / (spec.rounds * 4 * pooled.requestsPerTrial)));
  const top = 1 << 22; // values pooled by their µs; beyond 4.2 s they share the last cell
  const sides = { baseline: new Float64Array(top), mesh: new Float64Array(top) };
  for (let k = 0; k < runs; k++) {
    for (const round of simulateRun(scenario, pooled, random)) {
      for (const side of ['baseline', 'mesh'] as const) {
        const s = round[side];
        s.valuesUs.forEach((v, i) => (sides[side][Math.min(top - 1, v)]! += s.counts[i]!));
      }
    }
  }
  const quantiles = (counts: Float64Array) => {
    const total = counts.reduce((a, b) => a + b, 0);
    return percentiles.map((p) => {
      let cumulative = 0;
      for (let v = 0; v < top; v++) {
        cumulative += counts[v]!;
        if (cumulative >= (p / 100) * total) return v;
      }
      return top - 1;
    });
  };
  const b = quantiles(sides.baseline);
  const m = quantiles(sides.mesh);
  return m.map((x, k) => x - b[k]!);
}

/** One run as trials (ABBA per round), for tests of `summarize`: every trial valid. */
export function simulateTrials(scenario: Scenario, spec: SimulatedRunSpec, random: Random): TrialSpectrum[] {
  const trials: TrialSpectrum[] = [];
  const order = [['baseline', 0], ['mesh', 0], ['mesh', 1], ['baseline', 1]] as const;
  for (let r = 0; r < spec.rounds; r++) {
    const roundOffset = scenario.roundOffsetUs(random, r, spec.rounds);
    for (const [variant, slot] of order) {
      const offset = roundOffset + scenario.trialOffsetUs(random) + (variant === 'mesh' ? (spec.shiftUs ?? 0) : 0);
      const values = new Float64Array(spec.requestsPerTrial);
      for (let i = 0; i < values.length; i++) values[i] = hdrBucketUs(scenario.requestUs(random, variant, offset));
      trials.push({ round: r, variant, slot, valid: true, latency: spectrumOfValues(values) });
    }
  }
  return trials;
}

/** A scenario with a fixed per-request shape: baseline `baseUs` + N(0, sdUs) per request, the mesh `taxUs` more; offsets as given. */
export function plainScenario(spec: { baseUs?: number; sdUs?: number; taxUs?: number; roundSdUs?: number; trialSdUs?: number }): Scenario {
  const { baseUs = 500, sdUs = 60, taxUs = 260, roundSdUs = 20, trialSdUs = 25 } = spec;
  return {
    name: 'plain',
    roundOffsetUs: (random) => roundSdUs * random.normal(),
    trialOffsetUs: (random) => trialSdUs * random.normal(),
    requestUs: (random, side, offset) => baseUs + offset + sdUs * random.normal() + (side === 'mesh' ? taxUs : 0),
  };
}

/** The trials with the listed (round, variant, slot) marked invalid (dropped). */
export function dropTrials(trials: readonly TrialSpectrum[], which: readonly { round: number; variant: 'baseline' | 'mesh'; slot: 0 | 1 }[]): TrialSpectrum[] {
  return trials.map((t) => (which.some((w) => w.round === t.round && w.variant === t.variant && w.slot === t.slot) ? { ...t, valid: false, latency: null } : t));
}
