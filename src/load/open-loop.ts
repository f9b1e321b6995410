import { encodeHistogram, newLatencyHistogram, percentileUs, recordUs } from '../stats/histogram.js';
import type { Requester } from './requesters.js';
import { arrivalsUs } from './schedule.js';
import type { LoadResult, LoadSpec } from './types.js';

/**
 * Constant arrival rate. Each request's latency counts from its *intended* send time, so a slow
 * response cannot delay the next request and hide the tail (no coordinated omission); the service
 * time from the actual send and the driver's own schedule lag are kept beside it.
 *
 * Timing: node timers fire ~1 ms late at best, so the driver sleeps with setTimeout until
 * SPIN_WINDOW_US before the next send and then yields with setImmediate until it is due. The
 * spin costs CPU on the client node but keeps the schedule lag in tens of microseconds.
 */
const SPIN_WINDOW_US = 1500;

export function runOpenLoop(spec: LoadSpec, requester: Requester, signal: AbortSignal): Promise<LoadResult> {
  const latency = newLatencyHistogram();
  const service = newLatencyHistogram();
  const lag = newLatencyHistogram();
  const statusCounts: Record<string, number> = {};
  const versionCounts: Record<string, number> = {};
  const start = process.hrtime.bigint();
  const elapsedUs = () => Number(process.hrtime.bigint() - start) / 1000;
  const schedule = arrivalsUs(spec.arrival, spec.rateRps, spec.durationS, spec.seed);
  let next = schedule.next();
  let scheduled = 0;
  let sent = 0;
  let completed = 0;
  let errors = 0;
  let timeouts = 0;
  let lastCompletionUs = 0;

  return new Promise((resolve) => {
    let sending = true;
    const fire = (intendedUs: number, nowUs: number) => {
      sent += 1;
      recordUs(lag, nowUs - intendedUs);
      requester.send((outcome) => {
        const doneUs = elapsedUs();
        lastCompletionUs = doneUs;
        completed += 1;
        recordUs(latency, doneUs - intendedUs);
        recordUs(service, doneUs - nowUs);
        statusCounts[outcome.status] = (statusCounts[outcome.status] ?? 0) + 1;
        if (outcome.version) versionCounts[outcome.version] = (versionCounts[outcome.version] ?? 0) + 1;
        if (!outcome.ok) errors += 1;
        if (outcome.timedOut) timeouts += 1;
        if (!sending && completed === sent) finish();
      });
    };
    const finish = () => {
      clearTimeout(drainTimer);
      const windowS = Math.max(spec.durationS, lastCompletionUs / 1e6);
      resolve({
        model: 'open',
        offeredRps: spec.rateRps,
        achievedRps: completed / windowS,
        durationS: spec.durationS,
        scheduled,
        sent,
        completed,
        errors,
        timeouts,
        statusCounts,
        versionCounts,
        latencyHistogram: encodeHistogram(latency),
        serviceHistogram: encodeHistogram(service),
        scheduleLagP99Us: sent > 0 ? percentileUs(lag, 99) : null,
        scheduleLagMaxUs: sent > 0 ? lag.maxValue : null,
        connectionsOpened: requester.connectionsOpened(),
        aborted: signal.aborted,
      });
    };
    let drainTimer: NodeJS.Timeout | undefined;
    const stopSending = () => {
      sending = false;
      // Requests not sent by the end of the window were scheduled but dropped by the driver.
      for (; !next.done; next = schedule.next()) scheduled += 1;
      if (completed === sent) return finish();
      drainTimer = setTimeout(finish, spec.timeoutMs + 1000);
    };
    const tick = () => {
      if (signal.aborted) return stopSending();
      const nowUs = elapsedUs();
      while (!next.done && next.value <= nowUs) {
        scheduled += 1;
        fire(next.value, nowUs);
        next = schedule.next();
      }
      if (next.done || nowUs > spec.durationS * 1e6) return stopSending();
      const waitUs = next.value - elapsedUs();
      if (waitUs > SPIN_WINDOW_US) setTimeout(tick, Math.floor((waitUs - SPIN_WINDOW_US) / 1000) + 1);
      else setImmediate(tick);
    };
    tick();
  });
}
