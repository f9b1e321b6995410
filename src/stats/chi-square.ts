/**
 * Pearson's χ² goodness-of-fit: do observed counts agree with expected shares within sampling
 * error? Used to verify a canary split instead of assuming it.
 */
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
  let chiSquare = 0;
  observed.forEach((o, i) => {
    const expected = (total * expectedShares[i]!) / shareSum;
    chiSquare += expected > 0 ? (o - expected) ** 2 / expected : o > 0 ? Infinity : 0;
  });
  const degreesOfFreedom = observed.length - 1;
  return { chiSquare, degreesOfFreedom, pValue: chiSquareUpperTail(chiSquare, degreesOfFreedom) };
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
