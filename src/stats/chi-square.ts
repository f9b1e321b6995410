/**
 * Pearson's χ² goodness-of-fit: do observed counts agree with expected shares within sampling
 * error? Used to verify a canary split instead of assuming it. Categories with a zero share do not
 * count in the degrees of freedom (a count there is impossible under the shares: p = 0). When an
 * expected count is below 5 the χ² approximation is poor, so the p-value is exact: the binomial
 * test for two categories, a seeded Monte Carlo multinomial test (20 000 draws) for more.
 */
import { binomialTwoSidedP } from './dropped.js';
import { mulberry32 } from './prng.js';

export const MIN_EXPECTED_FOR_APPROXIMATION = 5;
const MONTE_CARLO_DRAWS = 20_000;
export interface GoodnessOfFit {
  readonly chiSquare: number;
  readonly degreesOfFreedom: number;
  /** Probability of a χ² at least this large if the counts did follow the shares. */
  readonly pValue: number;
}

export function chiSquareGoodnessOfFit(observed: readonly number[], expectedShares: readonly number[]): GoodnessOfFit {
  if (observed.length !== expectedShares.length || observed.length < 2) throw new Error('need at least two categories, observed and expected alike');
  const total = observed.reduce((a, b) => a + b, 0);
  const shareSum = expectedShares.reduce((a, b) => a + b, 0);
  const live = expectedShares.map((s, i) => ({ o: observed[i]!, share: s / shareSum })).filter((c) => c.share > 0);
  const impossible = observed.some((o, i) => expectedShares[i] === 0 && o > 0);
  const degreesOfFreedom = Math.max(0, live.length - 1);
  const statistic = (counts: readonly number[]) => counts.reduce((x, o, i) => x + (o - total * live[i]!.share) ** 2 / (total * live[i]!.share), 0);
  const chiSquare = impossible ? Infinity : statistic(live.map((c) => c.o));
  if (impossible) return { chiSquare, degreesOfFreedom, pValue: 0 };
  if (degreesOfFreedom === 0) return { chiSquare, degreesOfFreedom, pValue: 1 };
  const small = live.some((c) => total * c.share < MIN_EXPECTED_FOR_APPROXIMATION);
  if (!small) return { chiSquare, degreesOfFreedom, pValue: chiSquareUpperTail(chiSquare, degreesOfFreedom) };
  if (live.length === 2) return { chiSquare, degreesOfFreedom, pValue: binomialTwoSidedP(live[0]!.o, total, live[0]!.share) };
  return { chiSquare, degreesOfFreedom, pValue: monteCarloP(chiSquare, total, live.map((c) => c.share), statistic) };
}

/** Share of multinomial draws under the shares whose χ² is at least the observed one (seeded). */
function monteCarloP(observed: number, total: number, shares: readonly number[], statistic: (counts: readonly number[]) => number): number {
  const random = mulberry32(0x63686932);
  const cumulative = shares.map((_, i) => shares.slice(0, i + 1).reduce((a, b) => a + b, 0));
  let asLarge = 0;
  const counts = new Array<number>(shares.length);
  for (let d = 0; d < MONTE_CARLO_DRAWS; d++) {
    counts.fill(0);
    for (let k = 0; k < total; k++) {
      const u = random();
      let i = 0;
      while (i < cumulative.length - 1 && u >= cumulative[i]!) i++;
      counts[i]!++;
    }
    if (statistic(counts) >= observed - 1e-9) asLarge++;
  }
  return (1 + asLarge) / (1 + MONTE_CARLO_DRAWS);
}

/** P(X ≥ x) for X ~ χ²(df): the regularized upper incomplete gamma Q(df/2, x/2). */
export function chiSquareUpperTail(x: number, df: number): number {
  if (!Number.isFinite(x)) return 0;
  if (x <= 0) return 1;
  return regularizedGammaQ(df / 2, x / 2);
}

function regularizedGammaQ(a: number, x: number): number {
  return x < a + 1 ? 1 - gammaPSeries(a, x) : gammaQContinuedFraction(a, x);
}

// Series and Lentz continued fraction as in Numerical Recipes §6.2.
function gammaPSeries(a: number, x: number): number {
  let sum = 1 / a;
  let term = sum;
  for (let n = 1; n < 500; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

function gammaQContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** Lanczos approximation (g = 7, n = 9). */
function logGamma(z: number): number {
  const g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const zz = z - 1;
  let x = g[0]!;
  for (let i = 1; i < 9; i++) x += g[i]! / (zz + i);
  const t = zz + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (zz + 0.5) * Math.log(t) - t + Math.log(x);
}
