import type { LoadResult } from './types.js';

export interface TrialValidity {
  readonly valid: boolean;
  /** Plain-words reasons, shown next to the figure: `<kind>: <detail>`, so they group by kind. */
  readonly reasons: string[];
}

export interface ValidityLimits {
  /** Open loop: schedule lag p99 above this means the driver, not the system, was the limit. */
  readonly maxScheduleLagUs: number;
  /** Share of scheduled requests the driver may fail to send (open loop). */
  readonly maxDroppedShare: number;
  /** Share of responses that may be errors or timeouts. */
  readonly maxErrorShare: number;
}

export const DEFAULT_LIMITS: Omit<ValidityLimits, 'maxScheduleLagUs'> = { maxDroppedShare: 0.01, maxErrorShare: 0.01 };

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** A trial the harness cannot stand behind is invalid, with the reason, never silently used. */
export function judgeTrial(result: LoadResult, limits: ValidityLimits): TrialValidity {
  const reasons: string[] = [];
  if (result.aborted) reasons.push('interrupted: the trial was stopped before its end');
  if (result.completed === 0) reasons.push('no responses: not one request completed');
  if (result.model === 'open' && result.scheduled > 0) {
    const dropped = (result.scheduled - result.sent) / result.scheduled;
    if (dropped > limits.maxDroppedShare) reasons.push(`load driver fell behind: ${pct(dropped)} of scheduled requests were never sent`);
    if (result.scheduleLagP99Us !== null && result.scheduleLagP99Us > limits.maxScheduleLagUs) {
      reasons.push(`load driver fell behind: schedule lag p99 ${Math.round(result.scheduleLagP99Us)} µs > ${limits.maxScheduleLagUs} µs`);
    }
  }
  if (result.sent > 0) {
    const failed = result.errors / result.sent;
    if (failed > limits.maxErrorShare) reasons.push(`requests failed: ${pct(failed)} of them (${describeStatuses(result.statusCounts)})`);
  }
  return { valid: reasons.length === 0, reasons };
}

function describeStatuses(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([status, n]) => `${status}: ${n}`)
    .join(', ');
}
