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
 *
 * The rule's error rates over K verdict percentiles (each interval at confidence c): a PASS needs
 * every percentile to pass, so a false PASS needs the percentile that is truly over budget to pass
 * on its own — at most (1 − c)/2, whatever K (intersection–union). A FAIL needs one percentile to
 * fail, so a false FAIL can come from any of them — at most K·(1 − c)/2 (Bonferroni bound; 7.5%
 * for p50, p90, p99 at 95%), which the report states beside a FAIL.
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
