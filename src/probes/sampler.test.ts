import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createIntervalProbe } from './sampler.js';

/** A probe over a counter that grows by 1 per read; samples carry the delta and dtMs. */
function counterProbe(name: string, intervalMs: number, failFirst = false) {
  let n = 0;
  let reads = 0;
  let closed = 0;
  const probe = createIntervalProbe<number, { delta: number; dtMs: number }>({
    name,
    intervalMs,
    read: async () => {
      reads += 1;
      if (failFirst) throw new Error('no such file');
      n += 1;
      return n;
    },
    diff: (prev, cur, dtMs) => ({ delta: cur - prev, dtMs }),
    summarize: (samples) => ({ count: samples.length === 0 ? null : samples.length }),
    close: async () => {
      closed += 1;
    },
  });
  return { probe, reads: () => reads, closed: () => closed };
}

describe('createIntervalProbe', () => {
  it('samples on its interval, measures dtMs, and takes a closing reading at stop', async () => {
    const { probe, closed } = counterProbe('counter', 50);
    probe.start();
    await sleep(280);
    const series = await probe.stop();
    expect(series.available).toBe(true);
    expect(series.intervalMs).toBe(50);
    // baseline + ~5 slots (+ a closing reading) → 5 or 6 samples
    // Behaviour, not punctuality: a busy machine may delay a tick, never add one.
    expect(series.samples.length).toBeGreaterThanOrEqual(2);
    expect(series.samples.length).toBeLessThanOrEqual(6);
    for (const s of series.samples) {
      expect(s.delta).toBe(1);
      expect(s.dtMs).toBeGreaterThan(20);
      expect(s.dtMs).toBeLessThan(1000);
      expect(Math.abs(s.tMs - Date.now())).toBeLessThan(2000);
    }
    const ts = series.samples.map((s) => s.tMs);
    expect([...ts].sort((a, b) => a - b)).toEqual(ts);
    expect(series.summary).toEqual({ count: series.samples.length });
    expect(closed()).toBe(1);
  });

  it('stop is idempotent and a second start throws', async () => {
    const { probe } = counterProbe('twice', 50);
    probe.start();
    expect(() => probe.start()).toThrow(/already started/);
    const a = await probe.stop();
    const b = await probe.stop();
    expect(b).toBe(a);
  });

  it('a source that cannot be read makes the series unavailable with null summary', async () => {
    const { probe, reads } = counterProbe('missing', 20, true);
    probe.start();
    await sleep(120);
    const series = await probe.stop();
    expect(reads()).toBeGreaterThan(1); // keeps trying: the file may appear
    expect(series.available).toBe(false);
    expect(series.samples).toEqual([]);
    expect(series.summary).toEqual({ count: null });
    expect(series.note).toMatch(/not readable: no such file/);
  });

  it('an aborted signal halts sampling but stop still returns the samples', async () => {
    const { probe, reads } = counterProbe('abort', 20);
    const ac = new AbortController();
    probe.start(ac.signal);
    await sleep(110);
    ac.abort();
    const readsAtAbort = reads();
    await sleep(120);
    expect(reads()).toBeLessThanOrEqual(readsAtAbort + 1); // at most the one in flight
    const series = await probe.stop();
    expect(series.samples.length).toBeGreaterThanOrEqual(2);
  });

  it('probes on the same interval share a clock: their samples line up in time', async () => {
    const a = counterProbe('a', 60);
    const b = counterProbe('b', 60);
    a.probe.start();
    await sleep(15); // started later, still joins a's grid
    b.probe.start();
    await sleep(400);
    const [sa, sb] = await Promise.all([a.probe.stop(), b.probe.stop()]);
    const tb = sb.samples.map((s) => s.tMs);
    expect(tb.length).toBeGreaterThanOrEqual(4);
    // every b sample except the closing one has an a sample within a few ms
    for (const t of tb.slice(0, -1)) {
      const nearest = Math.min(...sa.samples.map((s) => Math.abs(s.tMs - t)));
      expect(nearest).toBeLessThan(8);
    }
  });

  it('stop without start returns an unavailable series', async () => {
    const { probe } = counterProbe('never', 50);
    const series = await probe.stop();
    expect(series.available).toBe(false);
    expect(series.note).toMatch(/without being started/);
  });
});
