/** Small numeric helpers for probe summaries. Pure. */

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Mean of `value` weighted by `weight` (e.g. interval length); null when weights sum to 0. */
export function weightedMean(pairs: ReadonlyArray<{ value: number; weight: number }>): number | null {
  let sum = 0;
  let weights = 0;
  for (const { value, weight } of pairs) {
    sum += value * weight;
    weights += weight;
  }
  return weights > 0 ? sum / weights : null;
}

export function max(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let m = -Infinity;
  for (const v of values) if (v > m) m = v;
  return m;
}

/**
 * Nearest-rank percentile (p in 0..100): the smallest value with at least p% of values at or
 * below it. Always an observed value, never interpolated; null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

/** Rounds to `digits` decimals so JSON records hold 12.345, not 12.345000000000001. */
export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function roundOrNull(value: number | null, digits = 3): number | null {
  return value === null ? null : round(value, digits);
}

/** Values present in `values`, without the nulls. */
export function present(values: ReadonlyArray<number | null | undefined>): number[] {
  const out: number[] = [];
  for (const v of values) if (v !== null && v !== undefined) out.push(v);
  return out;
}
