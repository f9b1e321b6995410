/**
 * The knee of a latency-against-load curve, by Kneedle (Satopaa, Albrecht, Irwin, Raghavan: "Finding
 * a 'Kneedle' in a Haystack", ICDCS workshops 2011): normalise both axes to [0, 1]; for a curve that
 * rises ever faster (convex, increasing) the difference curve is x − y; a local maximum of it is a
 * knee once the difference falls below `max − S · mean step of x` before the next local maximum.
 * Pure; no smoothing (a capacity search measures a handful of levels).
 *
 * Kneedle normalises by the curve's own range, so on a smooth curve (a queue's 1/(μ − λ)) its knee
 * follows the highest rate measured: one more level deep in overload, where latency is seconds,
 * squeezes everything below it flat and pushes the knee up (issue 12 §5). So the curve is read only
 * up to its first level whose latency reaches CEILING_RISE × the latency at the lowest rate (the
 * search's start rate), and a knee is named only once the search has got that far: levels past it,
 * however high the search went, do not move the knee. A curve that never climbs that far has no
 * knee yet (more levels could still move it).
 */

export interface CurvePoint {
  /** Offered load, rps. */
  readonly x: number;
  /** Latency at that load, µs. */
  readonly y: number;
}

/** Sensitivity S of Kneedle: 1 is the paper's recommendation for offline use. */
export const DEFAULT_SENSITIVITY = 1;

/**
 * Past a knee, latency must climb to at least this multiple of the latency at the knee: Kneedle
 * finds a "knee" in any wiggle once normalised, and a noisy flat curve has no knee worth naming.
 */
export const DEFAULT_MIN_RISE = 1.5;

/**
 * The curve is cut at the first level whose latency reaches this multiple of the latency at the
 * lowest rate: from there on the system is in overload, and how far the search went past it must
 * not move the knee. Infinity: plain Kneedle over the whole curve.
 */
export const DEFAULT_CEILING_RISE = 3;

export interface KneeOptions {
  readonly sensitivity?: number;
  readonly minRise?: number;
  readonly ceilingRise?: number;
}

/**
 * The first knee's x, or null: fewer than 3 distinct points, a flat or noisy curve, a curve that has
 * not yet reached ceilingRise × its first latency, or no confirmed knee.
 */
export function kneeOf(points: readonly CurvePoint[], options: KneeOptions = {}): number | null {
  const curve = upToCeiling(distinctSorted(points), options.ceilingRise ?? DEFAULT_CEILING_RISE);
  // Stryker disable next-line ConditionalExpression: equivalent, a shortcut (two points have no local maximum either)
  if (curve.length < 3) return null;
  const difference = differenceCurve(curve);
  if (difference === null) return null;
  // the paper's threshold: S × the mean step of the normalised x, which runs from 0 to 1
  const threshold = (options.sensitivity ?? DEFAULT_SENSITIVITY) / (difference.length - 1);
  const knee = firstConfirmedMaximum(difference.map((d) => d.d), threshold);
  if (knee === null || !risesAfter(curve, knee, options.minRise ?? DEFAULT_MIN_RISE)) return null;
  return curve[knee]!.x;
}

function risesAfter(curve: readonly CurvePoint[], knee: number, minRise: number): boolean {
  const atKnee = curve[knee]!.y;
  const highestAfter = Math.max(...curve.slice(knee + 1).map((p) => p.y));
  return atKnee > 0 ? highestAfter >= minRise * atKnee : highestAfter > atKnee;
}

/** The curve up to and including its first point at ceilingRise × the first point's latency; empty if it never gets there. */
function upToCeiling(curve: readonly CurvePoint[], ceilingRise: number): CurvePoint[] {
  if (ceilingRise === Infinity) return [...curve];
  // a first latency of 0 is reached at once: one point, no knee
  const firstY = curve[0]?.y ?? 0;
  return curve.slice(0, curve.findIndex((p) => p.y >= ceilingRise * firstY) + 1);
}

/** Sorted by x; for a repeated x the last point is kept. Non-finite points are dropped. */
function distinctSorted(points: readonly CurvePoint[]): CurvePoint[] {
  const byX = new Map<number, CurvePoint>();
  for (const p of points) if (Number.isFinite(p.x) && Number.isFinite(p.y)) byX.set(p.x, p);
  return [...byX.values()].sort((a, b) => a.x - b.x);
}

/** x and y scaled to [0, 1] and their difference x − y; null when y does not vary. */
function differenceCurve(curve: readonly CurvePoint[]): Array<{ xn: number; d: number }> | null {
  const xs = curve.map((p) => p.x);
  const ys = curve.map((p) => p.y);
  const [xMin, xMax, yMin, yMax] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  // Stryker disable next-line ConditionalExpression: equivalent, a flat y gives NaN differences, which have no maximum
  if (yMax === yMin) return null;
  return curve.map((p) => {
    const xn = (p.x - xMin) / (xMax - xMin);
    return { xn, d: xn - (p.y - yMin) / (yMax - yMin) };
  });
}

/** Index of the first local maximum of `d` that `d` falls below `max − threshold` after, before rising to a new maximum. */
function firstConfirmedMaximum(d: readonly number[], threshold: number): number | null {
  let candidate: number | null = null;
  // Stryker disable next-line EqualityOperator: equivalent, d[d.length] is undefined and compares false
  for (let i = 1; i < d.length; i++) {
    if (isLocalMaximum(d, i)) candidate = i;
    else if (candidate !== null && d[i]! < d[candidate]! - threshold) return candidate;
  }
  return null;
}

/** Strictly above the previous point and not below the next (the last point, with no next, cannot be a knee). */
function isLocalMaximum(d: readonly number[], i: number): boolean {
  return d[i]! > d[i - 1]! && d[i]! >= (d[i + 1] ?? Infinity);
}
