/**
 * The tax at percentiles from merged histograms: each side's pXX is read from the merged counts of
 * that side's trials over the rounds, the tax is mesh pXX − baseline pXX. Percentiles do not
 * average: a stall in a few rounds lands in the merged tail, where a median of per-round figures
 * would ignore it. Rounds are the unit of resampling (a round's ABBA trials share the machine's
 * state), so the bootstrap draws whole rounds with replacement and merges what it drew.
 */
import { mulberry32 } from './prng.js';
import { countAtPercentile, type LatencySpectrum } from './spectrum.js';

/** One round: the merged spectrum of its valid trials per side. */
export interface RoundSpectra {
  readonly round: number;
  readonly baseline: LatencySpectrum;
  readonly mesh: LatencySpectrum;
}

/** Per percentile (in the order asked), µs. */
export interface MergedFigures {
  readonly baselineUs: Float64Array;
  readonly meshUs: Float64Array;
  readonly taxUs: Float64Array;
}

/**
 * Every round's cumulative counts on one value grid (the union of the rounds' values): the merged
 * cumulative count at a grid index is a weighted sum over rounds, so a percentile of any re-merge
 * is a binary search costing rounds × log(grid) instead of a pass over the grid.
 */
interface SideGrid {
  readonly valuesUs: Float64Array;
  readonly cumulative: Float64Array[];
}

function sideGrid(spectra: readonly LatencySpectrum[]): SideGrid {
  const all = new Set<number>();
  for (const s of spectra) for (const v of s.valuesUs) all.add(v);
  const valuesUs = Float64Array.from([...all].sort((a, b) => a - b));
  const indexOf = new Map<number, number>();
  valuesUs.forEach((v, i) => indexOf.set(v, i));
  const cumulative = spectra.map((s) => {
    const row = new Float64Array(valuesUs.length);
    s.valuesUs.forEach((v, i) => (row[indexOf.get(v)!] = s.counts[i]!));
    for (let i = 1; i < row.length; i++) row[i]! += row[i - 1]!;
    return row;
  });
  return { valuesUs, cumulative };
}

/** Re-merges rounds with given multiplicities (a bootstrap draw, a jackknife leave-one-out) cheaply. */
export class MergedTax {
  private readonly baseline: SideGrid;
  private readonly mesh: SideGrid;
  private readonly used: Int32Array;

  constructor(
    readonly rounds: readonly RoundSpectra[],
    readonly percentiles: readonly number[],
  ) {
    this.baseline = sideGrid(rounds.map((r) => r.baseline));
    this.mesh = sideGrid(rounds.map((r) => r.mesh));
    this.used = new Int32Array(rounds.length);
  }

  /** Figures with every round once. */
  figures(): MergedFigures {
    return this.weighted(new Float64Array(this.rounds.length).fill(1));
  }

  /** Figures with round i counted weights[i] times. */
  weighted(weights: Float64Array): MergedFigures {
    let used = 0;
    for (let r = 0; r < weights.length; r++) if (weights[r]! > 0) this.used[used++] = r;
    const baselineUs = this.side(this.baseline, weights, used);
    const meshUs = this.side(this.mesh, weights, used);
    return { baselineUs, meshUs, taxUs: meshUs.map((m, k) => m - baselineUs[k]!) };
  }

  /** Taxes of `resamples` bootstrap draws of whole rounds: result[k][b] at percentile k. */
  bootstrapTaxes(resamples: number, seed: number): Float64Array[] {
    const random = mulberry32(seed);
    const n = this.rounds.length;
    const weights = new Float64Array(n);
    const result = this.percentiles.map(() => new Float64Array(resamples));
    for (let b = 0; b < resamples; b++) {
      weights.fill(0);
      for (let i = 0; i < n; i++) weights[Math.floor(random() * n)]! += 1;
      const { taxUs } = this.weighted(weights);
      taxUs.forEach((t, k) => (result[k]![b] = t));
    }
    return result;
  }

  /**
   * Studentized replicates: for each of `resamples` draws, (θ* − θ̂) / SE*, SE* the jackknife SE
   * of the draw itself (leaving out one drawn round at a time). result[k][b] at percentile k.
   */
  studentizedTaxes(resamples: number, seed: number, estimate: Float64Array): Float64Array[] {
    const random = mulberry32(seed);
    const n = this.rounds.length;
    const weights = new Float64Array(n);
    const result = this.percentiles.map(() => new Float64Array(resamples));
    const leaveOut = this.percentiles.map(() => new Float64Array(n));
    for (let b = 0; b < resamples; b++) {
      weights.fill(0);
      for (let i = 0; i < n; i++) weights[Math.floor(random() * n)]! += 1;
      const theta = Float64Array.from(this.weighted(weights).taxUs);
      for (let r = 0; r < n; r++) {
        if (weights[r] === 0) continue;
        weights[r]! -= 1;
        this.weighted(weights).taxUs.forEach((t, k) => (leaveOut[k]![r] = t));
        weights[r]! += 1;
      }
      for (let k = 0; k < this.percentiles.length; k++) {
        let mean = 0;
        for (let r = 0; r < n; r++) mean += weights[r]! * leaveOut[k]![r]!;
        mean /= n;
        let ss = 0;
        for (let r = 0; r < n; r++) if (weights[r]! > 0) ss += weights[r]! * (leaveOut[k]![r]! - mean) ** 2;
        const se = Math.sqrt(((n - 1) / n) * ss);
        const d = theta[k]! - estimate[k]!;
        result[k]![b] = se > 0 ? d / se : d === 0 ? 0 : d > 0 ? Infinity : -Infinity;
      }
    }
    return result;
  }

  /** Leave-one-round-out taxes: result[k][i] without round i. */
  jackknifeTaxes(): Float64Array[] {
    const n = this.rounds.length;
    const result = this.percentiles.map(() => new Float64Array(n));
    const weights = new Float64Array(n).fill(1);
    for (let i = 0; i < n; i++) {
      weights[i] = 0;
      this.weighted(weights).taxUs.forEach((t, k) => (result[k]![i] = t));
      weights[i] = 1;
    }
    return result;
  }

  private side(grid: SideGrid, weights: Float64Array, used: number): Float64Array {
    const last = grid.valuesUs.length - 1;
    const cumulativeAt = (index: number) => {
      let sum = 0;
      for (let u = 0; u < used; u++) {
        const r = this.used[u]!;
        sum += weights[r]! * grid.cumulative[r]![index]!;
      }
      return sum;
    };
    const total = last >= 0 ? cumulativeAt(last) : 0;
    return Float64Array.from(this.percentiles, (p) => {
      if (total <= 0) return Number.NaN;
      const need = countAtPercentile(p, total);
      let lo = 0;
      let hi = last;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulativeAt(mid) >= need) hi = mid;
        else lo = mid + 1;
      }
      return grid.valuesUs[lo]!;
    });
  }
}
