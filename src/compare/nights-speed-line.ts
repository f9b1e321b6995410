/**
 * The nights' speed line for comparing two runs at equal speed, each night weighted by what it
 * knows: a random-effects meta-regression of tax on speed (baseline p50), τ² by DerSimonian–Laird.
 *
 * Why weighted: nights are not equally precise. At p99 on the 2-vCPU VM a night with a stall has an
 * SE of 700 µs and a quiet one 30; the stalls come with a slower machine, so an unweighted line
 * (speed-fit.ts) took its slope from them — 13.8 µs of p99 tax per µs of baseline p50 — and
 * charged two quiet runs 21 µs apart in speed with 274 µs they did not show: a false regression
 * in an A/A pair. Weighted, the slope was 5.1 ± 0.6 and the pair no change.
 *
 * With equal SEs this is exactly the unweighted rule merged-change.ts used before: τ² = s² − m,
 * the slope's variance s²/Sxx, and below 1 the dispersion s²/m.
 */
import type { SpeedPoint } from './speed-fit.js';

/** A night on the line: its tax and speed, and the SE of its tax from its rounds, µs. */
export interface WeightedSpeedPoint extends SpeedPoint {
  readonly seUs: number;
}

export interface NightsSpeedLine {
  readonly nights: number;
  /** Tax per µs of baseline p50, and the tax at speed 0 (µs) the line is drawn from. */
  readonly slope: number;
  readonly intercept: number;
  /** The covariance of (intercept, slope), scaled like slopeVariance: the line's own uncertainty at a speed. */
  readonly covariance: { readonly aa: number; readonly ab: number; readonly bb: number };
  /** The slope's variance at the final weights 1/(SE² + τ²), scaled by the dispersion when below 1. */
  readonly slopeVariance: number;
  /** τ², the variance of the nights' offsets about the line beyond their own SEs, µs². */
  readonly offsetVariance: number;
  /** Q/(n − 2), Cochran's Q about the fixed-effects line: below 1 the nights agree better than their SEs claim. */
  readonly dispersion: number;
  readonly lowSpeedUs: number;
  readonly highSpeedUs: number;
}

/** Weighted least squares of tax on speed: the slope and the inverse of XᵀWX. */
function weightedLine(points: readonly WeightedSpeedPoint[], weight: (p: WeightedSpeedPoint) => number) {
  let [sw, swx, swxx, swy, swxy] = [0, 0, 0, 0, 0];
  for (const p of points) {
    const w = weight(p);
    [sw, swx, swxx, swy, swxy] = [sw + w, swx + w * p.speedUs, swxx + w * p.speedUs ** 2, swy + w * p.taxUs, swxy + w * p.speedUs * p.taxUs];
  }
  const det = sw * swxx - swx ** 2;
  const slope = (sw * swxy - swx * swy) / det;
  const intercept = (swy - slope * swx) / sw;
  // (XᵀWX)⁻¹ = [[swxx, −swx], [−swx, sw]] / det
  return { slope, intercept, inverse: { aa: swxx / det, ab: -swx / det, bb: sw / det } };
}

export function fitNightsLine(points: readonly WeightedSpeedPoint[]): NightsSpeedLine | null {
  const n = points.length;
  const speeds = points.map((p) => p.speedUs);
  if (n < 3 || Math.min(...speeds) === Math.max(...speeds) || points.some((p) => !(p.seUs > 0))) return null;
  const fixed = weightedLine(points, (p) => 1 / p.seUs ** 2);
  const q = points.reduce((s, p) => s + (p.taxUs - fixed.intercept - fixed.slope * p.speedUs) ** 2 / p.seUs ** 2, 0);
  // tr(P) = Σw − tr((XᵀWX)⁻¹ XᵀW²X)
  const [w2, w2x, w2xx] = points.reduce(([a, b, c], p) => [a + p.seUs ** -4, b + p.speedUs * p.seUs ** -4, c + p.speedUs ** 2 * p.seUs ** -4], [0, 0, 0]);
  const sumW = points.reduce((s, p) => s + p.seUs ** -2, 0);
  const traceP = sumW - (fixed.inverse.aa * w2 + 2 * fixed.inverse.ab * w2x + fixed.inverse.bb * w2xx);
  const dispersion = q / (n - 2);
  const offsetVariance = Math.max(0, (q - (n - 2)) / traceP);
  const random = weightedLine(points, (p) => 1 / (p.seUs ** 2 + offsetVariance));
  // τ² > 0 exactly when the dispersion is above 1: then the weights hold it, and nothing is scaled
  const scale = Math.min(1, dispersion);
  const covariance = { aa: scale * random.inverse.aa, ab: scale * random.inverse.ab, bb: scale * random.inverse.bb };
  return { nights: n, slope: random.slope, intercept: random.intercept, covariance, slopeVariance: covariance.bb, offsetVariance, dispersion, lowSpeedUs: Math.min(...speeds), highSpeedUs: Math.max(...speeds) };
}

/** The line's tax at `speedUs`, and that value's variance from the line's own uncertainty, µs and µs². */
export function lineAt(line: NightsSpeedLine, speedUs: number): { taxUs: number; varianceUs2: number } {
  const { aa, ab, bb } = line.covariance;
  return { taxUs: line.intercept + line.slope * speedUs, varianceUs2: aa + 2 * speedUs * ab + speedUs ** 2 * bb };
}
