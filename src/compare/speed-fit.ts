/**
 * The tax follows the machine's speed. On the 2-vCPU VM, over 13 quiet back-to-back default runs,
 * the baseline p50 drifted 157 → 215 µs and the p50 tax 494 → 628 µs with it (correlation 0.87):
 * the residual about the fitted line had an SD of 20 µs where the taxes themselves had 39. So past
 * nights are fitted by least squares, tax = a + b · speed (speed: the night's baseline p50, µs),
 * and runs are compared at the same speed.
 *
 * Only within reach of the nights: their range of speeds widened by half its width on each side.
 * A drifting machine often sets a new extreme by a little; a baseline far outside what the nights
 * saw may be a change of the app or the machine, and must not be explained away.
 */
import { levelKey, type LevelKey } from './trial-samples.js';

/** One night: its tax and its speed (baseline p50), µs. */
export interface SpeedPoint {
  readonly taxUs: number;
  readonly speedUs: number;
}

export interface SpeedFit {
  readonly nights: number;
  /** Tax per µs of baseline p50. */
  readonly slope: number;
  /** The mean speed and the mean tax the line passes through, µs. */
  readonly meanSpeedUs: number;
  readonly meanTaxUs: number;
  /** Σ(speed − mean)², µs². */
  readonly sxx: number;
  /** Variance of the nights about the line, n − 2 degrees of freedom, µs². */
  readonly residualVariance: number;
  readonly lowSpeedUs: number;
  readonly highSpeedUs: number;
}

export function fitSpeed(points: readonly SpeedPoint[]): SpeedFit | null {
  const n = points.length;
  if (n < 3) return null;
  const meanSpeedUs = points.reduce((s, p) => s + p.speedUs, 0) / n;
  const meanTaxUs = points.reduce((s, p) => s + p.taxUs, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.speedUs - meanSpeedUs) ** 2, 0);
  if (sxx === 0) return null;
  // Σ(x − x̄)·y: the same as Σ(x − x̄)(y − ȳ), whose ȳ term sums to zero
  const slope = points.reduce((s, p) => s + (p.speedUs - meanSpeedUs) * p.taxUs, 0) / sxx;
  const residualVariance = points.reduce((s, p) => s + (p.taxUs - meanTaxUs - slope * (p.speedUs - meanSpeedUs)) ** 2, 0) / (n - 2);
  const speeds = points.map((p) => p.speedUs);
  return { nights: n, slope, meanSpeedUs, meanTaxUs, sxx, residualVariance, lowSpeedUs: Math.min(...speeds), highSpeedUs: Math.max(...speeds) };
}

/** The line at `speedUs`, µs. */
export const taxAtSpeed = (fit: SpeedFit, speedUs: number): number => fit.meanTaxUs + fit.slope * (speedUs - fit.meanSpeedUs);

/** The speeds the fit may be used at: the nights' range widened by half its width each side. */
export function speedReach(fit: Pick<SpeedFit, 'lowSpeedUs' | 'highSpeedUs'>): readonly [number, number] {
  const margin = (fit.highSpeedUs - fit.lowSpeedUs) / 2;
  return [fit.lowSpeedUs - margin, fit.highSpeedUs + margin];
}

export function withinReach(fit: Pick<SpeedFit, 'lowSpeedUs' | 'highSpeedUs'>, speedUs: number): boolean {
  const [low, high] = speedReach(fit);
  return speedUs >= low && speedUs <= high;
}

/** A run's speed at a load level: its baseline p50 there, µs; null when it has none. */
export function speedOf(rows: readonly (LevelKey & { readonly percentile: number; readonly baselineUs?: number | null })[], level: LevelKey): number | null {
  return rows.find((r) => levelKey(r) === levelKey(level) && r.percentile === 50)?.baselineUs ?? null;
}
