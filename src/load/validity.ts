import { decodeHistogram, percentileUs } from '../stats/histogram.js';
import type { LoadResult } from './types.js';

export interface TrialValidity {
  readonly valid: boolean;
  /** Plain-words reasons, shown next to the figure: `<kind>: <detail>`, so they group by kind. */
  readonly reasons: string[];
  /**
   * How far the driver's schedule lag moved each judged percentile of this trial, µs: latency
   * from the intended send minus service time from the actual send, at that percentile (open
   * loop). Kept for valid trials too, so a verdict can weigh it against the tax.
   */
  readonly lagEffectUs: Record<string, number>;
  /** Invalid only for the driver's own reasons (lag, unsent requests): running it again may help. */
  readonly retryable: boolean;
}

export interface ValidityLimits {
  /**
   * Open loop: the schedule lag may move a judged percentile by this much (µs) and the trial still
   * counts — or by more, while that is at most `maxLagShare` of the service time at that
   * percentile: a few ms of lag under a 15 ms tail cannot make a FAIL of a PASS.
   */
  readonly maxScheduleLagUs: number;
  readonly maxLagShare: number;
  /** The percentiles the verdict is made of. */
  readonly judgedPercentiles: readonly number[];
  /** Share of scheduled requests the driver may fail to send (open loop). */
  readonly maxDroppedShare: number;
  /** Share of responses that may be errors or timeouts. */
  readonly maxErrorShare: number;
}

export const DEFAULT_LIMITS: Omit<ValidityLimits, 'maxScheduleLagUs' | 'judgedPercentiles'> = { maxDroppedShare: 0.01, maxErrorShare: 0.01, maxLagShare: 0.25 };

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const DRIVER = 'load driver fell behind';

/** A trial the harness cannot stand behind is invalid, with the reason, never silently used. */
export function judgeTrial(result: LoadResult, limits: ValidityLimits): TrialValidity {
  const reasons: string[] = [];
  if (result.aborted) reasons.push('interrupted: the trial was stopped before its end');
  if (result.completed === 0) reasons.push('no responses: not one request completed');
  const lagEffectUs = result.model === 'open' && result.completed > 0 ? lagEffects(result, limits.judgedPercentiles) : {};
  if (result.model === 'open' && result.scheduled > 0) {
    const dropped = (result.scheduled - result.sent) / result.scheduled;
    if (dropped > limits.maxDroppedShare) reasons.push(`${DRIVER}: ${pct(dropped)} of scheduled requests were never sent`);
    const lagReason = lagTooLarge(result, lagEffectUs, limits);
    if (lagReason !== undefined) reasons.push(`${DRIVER}: ${lagReason}`);
  }
  if (result.sent > 0) {
    const failed = result.errors / result.sent;
    if (failed > limits.maxErrorShare) reasons.push(`requests failed: ${pct(failed)} of them (${describeStatuses(result.statusCounts)})`);
  }
  return { valid: reasons.length === 0, reasons, lagEffectUs, retryable: reasons.length > 0 && reasons.every((r) => r.startsWith(DRIVER)) };
}

function lagEffects(result: LoadResult, percentiles: readonly number[]): Record<string, number> {
  if (result.serviceHistogram === null) return {};
  const latency = decodeHistogram(result.latencyHistogram);
  const service = decodeHistogram(result.serviceHistogram);
  return Object.fromEntries(percentiles.map((p) => [String(p), Math.max(0, percentileUs(latency, p) - percentileUs(service, p))]));
}

/** The first judged percentile the lag moved beyond both limits, described; undefined when none. */
function lagTooLarge(result: LoadResult, lagEffectUs: Record<string, number>, limits: ValidityLimits): string | undefined {
  if (result.serviceHistogram === null) return undefined;
  const service = decodeHistogram(result.serviceHistogram);
  for (const p of limits.judgedPercentiles) {
    const effectUs = lagEffectUs[String(p)] ?? 0;
    const serviceUs = percentileUs(service, p);
    if (effectUs > limits.maxScheduleLagUs && effectUs > limits.maxLagShare * serviceUs) {
      const lag = result.scheduleLagP99Us === null ? '' : ` (schedule lag p99 ${Math.round(result.scheduleLagP99Us)} µs)`;
      return `schedule lag moved p${p} by ${Math.round(effectUs)} µs > ${limits.maxScheduleLagUs} µs and > ${pct(limits.maxLagShare)} of its ${Math.round(serviceUs)} µs service time${lag}`;
    }
  }
  return undefined;
}

function describeStatuses(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([status, n]) => `${status}: ${n}`)
    .join(', ');
}
