import { performance } from 'node:perf_hooks';
import { encodeHistogram, newLatencyHistogram, percentileUs, recordUs } from '../stats/histogram.js';
import type { Metronome } from './metronome.js';
import type { OnDone, Requester } from './requester.js';
import { arrivalsUs } from './schedule.js';
import { SendTimes } from './send-times.js';
import type { LoadResult, LoadSpec } from './types.js';

/**
 * Constant arrival rate. Each request's latency counts from its *intended* send time, so a slow
 * response cannot delay the next request and hide the tail (no coordinated omission); the service
 * time from the actual send and the driver's own schedule lag are kept beside it.
 *
 * Timing, without ever spinning (the agent may run at real-time priority beside the client
 * sidecar, where a spin would starve it): long gaps sleep on an ordinary timer first; with no
 * request in flight the loop blocks its thread until the next send (nothing can arrive that it
 * would miss); otherwise the metronome wakes it. A wake-up arrives tens of µs late, so it is asked
 * for early by what recent ones took (`WakeUps`); a request due sooner than a wake-up could come
 * is sent at once, early, and its latency counted from that actual send.
 */
const TIMER_ABOVE_US = 20_000;
/**
 * A request due within this many µs is sent now rather than after one more turn of the loop, which
 * would cost more CPU (and so more lag elsewhere) than it saves; its latency then counts from the
 * actual send, so sending early never shortens a latency. Its lag counts as 0.
 */
const EARLY_SEND_US = 25;
/** Wake-ups later than this are the machine's stalls, not the way of waiting: never plan for them. */
const MAX_EARLY_US = 300;

export async function runOpenLoop(spec: LoadSpec, makeRequester: (onDone: OnDone) => Requester, metronome: Metronome, signal: AbortSignal): Promise<LoadResult> {
  const latency = newLatencyHistogram();
  const service = newLatencyHistogram();
  const lag = newLatencyHistogram();
  const statusCounts: Record<string, number> = {};
  const versionCounts: Record<string, number> = {};
  let start = performance.now();
  const elapsedUs = () => (performance.now() - start) * 1000;
  const schedule = arrivalsUs(spec.arrival, spec.rateRps, spec.durationS, spec.seed);
  const times = new SendTimes(Math.ceil(spec.rateRps * spec.durationS * 1.1) + 64);
  const wakeUps = new WakeUps();
  let next = schedule.next();
  let scheduled = 0;
  let sent = 0;
  let completed = 0;
  let errors = 0;
  let timeouts = 0;
  let lastCompletionUs = 0;
  let sending = true;
  let finish = () => {};

  const onDone: OnDone = (id, status, ok, timedOut, version) => {
    const doneUs = elapsedUs();
    lastCompletionUs = doneUs;
    completed += 1;
    recordUs(latency, doneUs - times.intendedUs(id));
    recordUs(service, doneUs - times.firedUs(id));
    statusCounts[status] = (statusCounts[status] ?? 0) + 1;
    if (version !== undefined) versionCounts[version] = (versionCounts[version] ?? 0) + 1;
    if (!ok) errors += 1;
    if (timedOut) timeouts += 1;
    if (!sending && completed === sent) finish();
  };
  const requester = makeRequester(onDone);
  // Opening the connections is the client's set-up, not its schedule (16 HTTP/2 sessions blocked the
  // agent 1–11 ms here, the first requests of a trial late by as much). The clock starts once they are open.
  await requester.ready?.();
  start = performance.now();

  return new Promise<LoadResult>((resolve) => {
    finish = () => {
      finish = () => {};
      clearTimeout(drainTimer);
      // Requests still waiting for a connection never reached the wire: the driver's pool was the
      // limit, so they count as not sent; those sent and never answered by the end of the drain timed out.
      const neverSent = requester.waiting();
      sent -= neverSent;
      const unanswered = sent - completed;
      const windowS = Math.max(spec.durationS, lastCompletionUs / 1e6);
      resolve({
        model: 'open',
        offeredRps: spec.rateRps,
        achievedRps: completed / windowS,
        durationS: spec.durationS,
        scheduled,
        sent,
        completed,
        errors: errors + unanswered,
        timeouts: timeouts + unanswered,
        statusCounts: unanswered > 0 ? { ...statusCounts, unanswered } : statusCounts,
        versionCounts,
        latencyHistogram: encodeHistogram(latency),
        serviceHistogram: encodeHistogram(service),
        scheduleLagP99Us: sent > 0 ? percentileUs(lag, 99) : null,
        scheduleLagMaxUs: sent > 0 ? lag.maxValue : null,
        scheduleLagP50Us: sent > 0 ? percentileUs(lag, 50) : null,
        scheduleLagHistogram: encodeHistogram(lag),
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
    const sendDue = (horizonUs: number, nowUs: number) => {
      while (!next.done && next.value <= horizonUs) {
        scheduled += 1;
        recordUs(lag, nowUs - next.value);
        // Latency counts from the intended send when late (no coordinated omission), from the
        // actual send when a little early (never shorter than the service time): the earlier of the two.
        times.set(sent, Math.min(next.value, nowUs), nowUs);
        requester.send(sent);
        sent += 1;
        next = schedule.next();
      }
    };
    const tick = () => {
      for (;;) {
        if (signal.aborted) return stopSending();
        let nowUs = elapsedUs();
        wakeUps.woke(nowUs);
        sendDue(nowUs + EARLY_SEND_US, nowUs);
        if (next.done || nowUs > spec.durationS * 1e6) return stopSending();
        // Nothing in flight, nothing to miss: block this thread (cheap, precise); else wake through the metronome.
        const idle = completed === sent;
        const earlyUs = idle ? wakeUps.blockEarlyUs : wakeUps.metronomeEarlyUs;
        nowUs = elapsedUs();
        const waitUs = next.value - nowUs;
        if (waitUs > TIMER_ABOVE_US) {
          setTimeout(tick, Math.floor((waitUs - TIMER_ABOVE_US / 2) / 1000));
          return;
        }
        if (waitUs <= 0) {
          // Behind schedule (sending took longer than the gaps): let responses in before catching up,
          // or a driver that cannot keep up would also delay every response it is timing.
          setImmediate(tick);
          return;
        }
        if (waitUs <= earlyUs + EARLY_SEND_US) {
          // Too soon to be woken in time: send it now (early) rather than spin for it.
          sendDue(next.value, nowUs);
          continue;
        }
        wakeUps.expect(next.value - earlyUs, idle);
        if (idle) {
          metronome.sleep(waitUs - earlyUs);
          continue;
        }
        metronome.wakeAfter(waitUs - earlyUs, tick);
        return;
      }
    };
    tick();
  }).finally(() => requester.close());
}

const STEP_US = 2;

/**
 * How early to ask for a wake-up, per way of waiting: the median lateness of recent wake-ups
 * (tracked in steps of STEP_US, up when a wake-up was later, down when earlier), so half land a
 * little early and half a little late.
 */
class WakeUps {
  blockEarlyUs = 50;
  metronomeEarlyUs = 100;
  private expectedAtUs = -1;
  private blocking = false;

  expect(atUs: number, blocking: boolean): void {
    this.expectedAtUs = atUs;
    this.blocking = blocking;
  }

  woke(nowUs: number): void {
    if (this.expectedAtUs < 0) return;
    const lateUs = nowUs - this.expectedAtUs;
    this.expectedAtUs = -1;
    const track = (earlyUs: number) => Math.min(MAX_EARLY_US, Math.max(0, lateUs > earlyUs ? earlyUs + STEP_US : earlyUs - STEP_US));
    if (this.blocking) this.blockEarlyUs = track(this.blockEarlyUs);
    else this.metronomeEarlyUs = track(this.metronomeEarlyUs);
  }
}
