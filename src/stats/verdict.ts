import type { ConfidenceInterval, Verdict } from './types.js';

/**
 * PASS when the CI's upper end is within budget (≤), FAIL when its lower end is above it (>),
 * INCONCLUSIVE otherwise, including a NaN or unknown (±Infinity) CI.
 */
export function verdictFor(ciUs: ConfidenceInterval, budgetUs: number): Verdict {
  const [low, high] = ciUs;
  if (high <= budgetUs) return 'PASS';
  if (low > budgetUs) return 'FAIL';
  return 'INCONCLUSIVE';
}

export interface OverallVerdictOptions {
  /** Treat INCONCLUSIVE as FAIL (for CI gates that must not let an unresolved run through). */
  readonly inconclusiveFails: boolean;
}

/**
 * FAIL if any row FAILs; else INCONCLUSIVE if any is INCONCLUSIVE (FAIL with `inconclusiveFails`);
 * else PASS. No rows at all is INCONCLUSIVE: nothing measured is not a pass.
 */
export function overallVerdict(
  rows: readonly { readonly verdict: Verdict }[],
  options: OverallVerdictOptions = { inconclusiveFails: false },
): Verdict {
  const unresolved: Verdict = options.inconclusiveFails ? 'FAIL' : 'INCONCLUSIVE';
  if (rows.some((r) => r.verdict === 'FAIL')) return 'FAIL';
  if (rows.length === 0 || rows.some((r) => r.verdict === 'INCONCLUSIVE')) return unresolved;
  return 'PASS';
}
