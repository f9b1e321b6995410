import { describe, expect, it } from 'vitest';
import { encodeHistogram, newLatencyHistogram, recordUs } from '../stats/histogram.js';
import type { LoadResult } from './types.js';
import { DEFAULT_LIMITS, judgeTrial } from './validity.js';

/** An open-loop result whose requests took `serviceUs` each, the last `lateShare` of them sent `lagUs` late. */
function result(serviceUs: number, lagUs: number, lateShare: number, more: Partial<LoadResult> = {}): LoadResult {
  const latency = newLatencyHistogram();
  const service = newLatencyHistogram();
  const n = 1000;
  for (let i = 0; i < n; i++) {
    const late = i >= n * (1 - lateShare) ? lagUs : 0;
    recordUs(service, serviceUs);
    recordUs(latency, serviceUs + late);
  }
  return {
    model: 'open', offeredRps: 500, achievedRps: 500, durationS: 2, scheduled: n, sent: n, completed: n, errors: 0, timeouts: 0,
    statusCounts: { '200': n }, versionCounts: {}, latencyHistogram: encodeHistogram(latency), serviceHistogram: encodeHistogram(service),
    scheduleLagP99Us: lagUs, scheduleLagMaxUs: lagUs, connectionsOpened: 1, aborted: false, ...more,
  };
}

const limits = { ...DEFAULT_LIMITS, maxScheduleLagUs: 1000, judgedPercentiles: [50, 90, 99] };

describe('a trial judged for its schedule lag', () => {
  it('stays valid when the lag barely moves what is judged', () => {
    const v = judgeTrial(result(400, 300, 0.05), limits);
    expect(v.valid).toBe(true);
    expect(v.lagEffectUs['99']).toBeGreaterThan(250);
  });

  it('stays valid when a large lag is small beside a long service time (a 15 ms tail is judged, not the driver)', () => {
    expect(judgeTrial(result(15_000, 2_500, 0.05), limits).valid).toBe(true);
  });

  it('is invalid, and worth running again, when the lag moved a percentile past both limits', () => {
    const v = judgeTrial(result(400, 2_500, 0.05), limits);
    expect(v.valid).toBe(false);
    expect(v.retryable).toBe(true);
    expect(v.reasons.join()).toMatch(/load driver fell behind: schedule lag moved p99 by \d+ µs > 1000 µs/);
  });

  it('is invalid but not retried when requests failed: failures are the system’s, part of the tax', () => {
    const v = judgeTrial(result(400, 0, 0, { errors: 50 }), limits);
    expect(v.valid).toBe(false);
    expect(v.retryable).toBe(false);
  });
});
