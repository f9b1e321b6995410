import { percentileUs, type LatencyHistogram } from './histogram.js';

/**
 * The key under which a percentile is stored: 50 → "50", 99.9 → "99.9".
 * Rounded to 6 decimals so float noise (e.g. 99.90000000000001) maps to the same label.
 */
export function percentileLabel(p: number): string {
  if (!Number.isFinite(p) || p < 0 || p > 100) {
    throw new RangeError(`percentile must be within 0..100, got ${p}`);
  }
  return String(Number(p.toFixed(6)));
}

/** The histogram's value at each percentile, keyed by `percentileLabel`, in µs. */
export function percentilesOf(histogram: LatencyHistogram, ps: readonly number[]): Record<string, number> {
  const result: Record<string, number> = {};
  for (const p of ps) result[percentileLabel(p)] = percentileUs(histogram, p);
  return result;
}
