import { afterAll, describe, expect, it } from 'vitest';
import { decodeHistogram, percentileUs } from '../stats/histogram.js';
import { startMetronome } from './metronome.js';
import { runOpenLoop } from './open-loop.js';
import type { OnDone, Requester } from './requester.js';
import type { LoadSpec } from './types.js';

const metronome = startMetronome();
afterAll(() => metronome.close());

/** A stand-in target (no network): answers each request on the next turn of the event loop, status 200. */
function answeringRequester(onDone: OnDone): Requester {
  return {
    send: (id) => setImmediate(() => onDone(id, '200', true, false, 'v1')),
    connectionsOpened: () => 1,
    waiting: () => 0,
    close: async () => {},
  };
}

const spec = (rateRps: number): LoadSpec => ({ model: 'open', protocol: 'http', url: 'http://127.0.0.1:1/', arrival: 'poisson', rateRps, durationS: 0.3, connections: 1, newConnectionEvery: 0, timeoutMs: 500, seed: 7 });

describe('the open loop (stand-in requester)', () => {
  it('sends every scheduled request once and counts every answer', async () => {
    const r = await runOpenLoop(spec(2000), answeringRequester, metronome, new AbortController().signal);
    expect(r.scheduled).toBeGreaterThan(400);
    expect(r.sent).toBe(r.scheduled);
    expect(r.completed).toBe(r.sent);
    expect(r.versionCounts).toEqual({ v1: r.completed });
  });

  it('never reports a latency below the service time it contains', async () => {
    const r = await runOpenLoop(spec(2000), answeringRequester, metronome, new AbortController().signal);
    const latency = decodeHistogram(r.latencyHistogram);
    const service = decodeHistogram(r.serviceHistogram!);
    for (const p of [1, 50, 99]) expect(percentileUs(latency, p)).toBeGreaterThanOrEqual(percentileUs(service, p));
  });

  it('counts a late send’s latency from its intended time (no coordinated omission)', async () => {
    // Each send blocks the loop for 2 ms at a 0.5 ms gap: the driver falls ever further behind.
    const slow = (onDone: OnDone): Requester => ({
      send: (id) => {
        const until = performance.now() + 2;
        while (performance.now() < until);
        setImmediate(() => onDone(id, '200', true, false, undefined));
      },
      connectionsOpened: () => 1,
    waiting: () => 0,
      close: async () => {},
    });
    const r = await runOpenLoop(spec(2000), slow, metronome, new AbortController().signal);
    const latency = decodeHistogram(r.latencyHistogram);
    const service = decodeHistogram(r.serviceHistogram!);
    expect(r.scheduleLagP99Us).toBeGreaterThan(10_000);
    expect(percentileUs(latency, 90)).toBeGreaterThan(percentileUs(service, 90) + 10_000);
  });

  it('starts its schedule once the requester has opened its connections: opening them is not lag', async () => {
    // Opening blocks the event loop for 100 ms: were the clock already running, the first requests
    // would be sent ~100 ms late and judged as the driver's lag.
    const events: string[] = [];
    const opening = (onDone: OnDone): Requester => ({
      ready: async () => {
        const until = performance.now() + 100;
        while (performance.now() < until);
        events.push('ready');
      },
      send: (id) => {
        if (events.at(-1) !== 'send') events.push('send');
        setImmediate(() => onDone(id, '200', true, false, undefined));
      },
      connectionsOpened: () => 16,
      waiting: () => 0,
      close: async () => {},
    });
    const r = await runOpenLoop(spec(1000), opening, metronome, new AbortController().signal);
    expect(events).toEqual(['ready', 'send']);
    expect(r.sent).toBe(r.scheduled);
  });

  it('counts requests never answered by the end of the drain as timed out', async () => {
    const silent = (): Requester => ({ send: () => {}, connectionsOpened: () => 1,
    waiting: () => 0, close: async () => {} });
    const r = await runOpenLoop({ ...spec(200), timeoutMs: 1 }, silent, metronome, new AbortController().signal);
    expect(r.completed).toBe(0);
    expect(r.timeouts).toBe(r.sent);
    expect(r.statusCounts).toEqual({ unanswered: r.sent });
  });

  it('counts requests still waiting for a connection at the end as never sent (the driver’s pool was the limit)', async () => {
    const stuck = (): Requester => ({ send: () => {}, connectionsOpened: () => 8, waiting: () => 10, close: async () => {} });
    const r = await runOpenLoop({ ...spec(200), timeoutMs: 1 }, stuck, metronome, new AbortController().signal);
    expect(r.sent).toBe(r.scheduled - 10);
    expect(r.timeouts).toBe(r.sent);
  });
});
