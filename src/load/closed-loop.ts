import autocannon from 'autocannon';
import { encodeHistogram, newLatencyHistogram, recordUs } from '../stats/histogram.js';
import type { LoadResult, LoadSpec } from './types.js';

/**
 * Closed loop with autocannon: `connections` clients, each sending its next request when the
 * last one is answered. Good for throughput ceilings, not for the tax (a slow server slows the
 * load and hides its own tail). autocannon's own percentiles are whole milliseconds, so every
 * response's exact duration from its `response` event goes into our µs histogram instead.
 */
export function runClosedLoop(spec: LoadSpec, signal: AbortSignal): Promise<LoadResult> {
  const latency = newLatencyHistogram();
  const statusCounts: Record<string, number> = {};
  let completed = 0;
  let errors = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: spec.durationS,
        timeout: Math.ceil(spec.timeoutMs / 1000),
        pipelining: 1,
        ...(spec.newConnectionEvery > 0 ? { maxConnectionRequests: spec.newConnectionEvery } : {}),
      },
      (error, result) => {
        signal.removeEventListener('abort', stop);
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        const timeouts = result.timeouts;
        resolve({
          model: 'closed',
          offeredRps: null,
          achievedRps: completed / spec.durationS,
          durationS: spec.durationS,
          scheduled: completed + result.errors,
          sent: completed + result.errors,
          completed,
          errors: errors + result.errors,
          timeouts,
          statusCounts,
          versionCounts: {},
          latencyHistogram: encodeHistogram(latency),
          serviceHistogram: null,
          scheduleLagP99Us: null,
          scheduleLagMaxUs: null,
          connectionsOpened: spec.connections,
          aborted: signal.aborted,
        });
      },
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTimeMs: number) => {
      completed += 1;
      statusCounts[String(statusCode)] = (statusCounts[String(statusCode)] ?? 0) + 1;
      if (statusCode < 200 || statusCode >= 300) errors += 1;
      recordUs(latency, responseTimeMs * 1000);
    });
    const stop = () => instance.stop();
    signal.addEventListener('abort', stop, { once: true });
  });
}
