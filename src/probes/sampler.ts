import { readFile } from 'node:fs/promises';
import { createTextFileReader, type TextFileReader, type TextFileReaderOptions } from './file-reader.js';
import type { Probe, ProbeSeries, ReadText } from './types.js';

/** Default sampling interval of every interval probe. */
export const DEFAULT_INTERVAL_MS = 250;

/** One-shot reads (detection, inventory). Samplers use `textSource()` instead. */
export const readTextFile: ReadText = (path) => readFile(path, 'utf8');

/**
 * What a sampler reads through: the injected `readText` (tests, fixtures) or a reader that keeps
 * handles open between samples (see file-reader.ts), closed when the probe stops.
 */
export function textSource(readText: ReadText | undefined, options: TextFileReaderOptions = {}): TextFileReader {
  return readText === undefined ? createTextFileReader(options) : { read: readText, close: async () => undefined };
}

/** True for the errors a vanished file or process gives (ENOENT, ESRCH). */
export function isGoneError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ESRCH';
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function checkIntervalMs(intervalMs: number): number {
  if (!Number.isFinite(intervalMs) || intervalMs < 10) {
    throw new RangeError(`probe intervalMs must be a number >= 10, got ${intervalMs}`);
  }
  return intervalMs;
}

/** What an interval probe needs: read a snapshot, turn two snapshots into a sample, summarise. */
export interface IntervalProbeSpec<Snap, S extends object> {
  readonly name: string;
  readonly intervalMs: number;
  /**
   * Reads the source once. A failed read is counted and skipped (the next good one spans the gap);
   * a probe none of whose reads succeeded reports `available: false`.
   */
  read(): Promise<Snap>;
  /** The sample for the interval between two snapshots `dtMs` apart, or null to record none. */
  diff(prev: Snap, cur: Snap, dtMs: number): S | null;
  /** Must return the same keys (all null) for an empty list. */
  summarize(samples: ReadonlyArray<{ tMs: number } & S>): Record<string, number | null>;
  /** Evaluated at stop (so it can report what the first reading resolved). */
  labels?(): Record<string, string>;
  /** Releases what `read` holds open; called once, after the last reading. */
  close?(): Promise<void>;
}

/** A probe's hook into a shared clock: `tick` takes one reading. */
interface ClockSubscriber {
  tick(): Promise<void>;
  /** performance.now() of the subscriber's latest reading. */
  lastReadingMonoMs(): number;
}

/**
 * One timer per interval length, shared by every interval probe running at that interval: the probes
 * of a trial wake together (one wake-up instead of one per probe; on the project VM a wake-up of an
 * idle Node process costs ~200 µs of CPU) and their samples carry the same timestamps, so the
 * report can line up steal, throttling and process CPU interval by interval.
 *
 * Slots sit on a fixed grid (anchor + k·interval) with `setTimeout`; a subscriber still busy with
 * its previous reading skips a slot rather than queueing, and a subscriber whose last reading is
 * less than half an interval old (it just joined) waits for the next slot. Timers are unref'd.
 */
class SharedClock {
  private readonly subscribers = new Set<ClockSubscriber>();
  private readonly busy = new WeakSet<ClockSubscriber>();
  private timer: NodeJS.Timeout | undefined;
  private anchorMs = 0;
  private slot = 0;

  constructor(
    readonly intervalMs: number,
    private readonly onIdle: () => void,
  ) {}

  add(subscriber: ClockSubscriber): void {
    if (this.subscribers.size === 0) {
      this.anchorMs = performance.now();
      this.slot = 0;
      this.subscribers.add(subscriber);
      this.arm();
    } else {
      this.subscribers.add(subscriber);
    }
  }

  remove(subscriber: ClockSubscriber): void {
    if (!this.subscribers.delete(subscriber) || this.subscribers.size > 0) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.onIdle();
  }

  private arm(): void {
    const now = performance.now();
    this.slot = Math.max(this.slot + 1, Math.floor((now - this.anchorMs) / this.intervalMs) + 1);
    this.timer = setTimeout(() => this.fire(), this.anchorMs + this.slot * this.intervalMs - now);
    this.timer.unref();
  }

  private fire(): void {
    const now = performance.now();
    for (const subscriber of this.subscribers) {
      if (this.busy.has(subscriber) || now - subscriber.lastReadingMonoMs() < this.intervalMs / 2) continue;
      this.busy.add(subscriber);
      void subscriber.tick().finally(() => this.busy.delete(subscriber));
    }
    if (this.subscribers.size > 0) this.arm();
  }
}

const clocks = new Map<number, SharedClock>();

function clockFor(intervalMs: number): SharedClock {
  let clock = clocks.get(intervalMs);
  if (clock === undefined) {
    const created: SharedClock = new SharedClock(intervalMs, () => {
      if (clocks.get(intervalMs) === created) clocks.delete(intervalMs);
    });
    clocks.set(intervalMs, created);
    clock = created;
  }
  return clock;
}

/**
 * The sampling loop of the interval probes.
 *
 * - The first reading at `start()` is the baseline; each later reading closes one interval.
 * - Readings come from the shared clock of the probe's interval (see `SharedClock`).
 * - The interval length `dtMs` is measured on the monotonic clock around each read (midpoint of
 *   before/after), so event-loop lag under load shifts timestamps but not rates.
 * - `stop()` takes a closing reading when at least half an interval has passed since the last one,
 *   so the end of a trial is not lost, but a sliver of an interval (poor tick resolution) is.
 */
export function createIntervalProbe<Snap, S extends object>(spec: IntervalProbeSpec<Snap, S>): Probe<S> {
  const intervalMs = checkIntervalMs(spec.intervalMs);
  type Sample = { tMs: number } & S;
  const samples: Sample[] = [];
  let phase: 'idle' | 'running' | 'halted' = 'idle';
  let inFlight: Promise<void> = Promise.resolve();
  let last: { snap: Snap; monoMs: number } | undefined;
  let lastAttemptMonoMs = -Infinity;
  let readErrors = 0;
  let firstError: string | undefined;
  let result: Promise<ProbeSeries<S>> | undefined;
  let abortSignal: AbortSignal | undefined;
  let clock: SharedClock | undefined;

  async function takeReading(): Promise<void> {
    const before = performance.now();
    lastAttemptMonoMs = before;
    let snap: Snap;
    try {
      snap = await spec.read();
    } catch (err) {
      readErrors += 1;
      firstError ??= errorMessage(err);
      return;
    }
    const after = performance.now();
    const monoMs = (before + after) / 2;
    if (last !== undefined) {
      const dtMs = monoMs - last.monoMs;
      const sample = dtMs > 0 ? spec.diff(last.snap, snap, dtMs) : null;
      if (sample !== null) samples.push({ tMs: Math.round(Date.now() - (after - monoMs)), ...sample });
    }
    last = { snap, monoMs };
  }

  const subscriber: ClockSubscriber = {
    tick: () => {
      inFlight = takeReading();
      return inFlight;
    },
    lastReadingMonoMs: () => lastAttemptMonoMs,
  };

  function halt(): void {
    phase = 'halted';
    clock?.remove(subscriber);
    abortSignal?.removeEventListener('abort', halt);
  }

  async function finish(): Promise<ProbeSeries<S>> {
    const wasStarted = phase !== 'idle';
    halt();
    await inFlight;
    if (last !== undefined && performance.now() - last.monoMs >= intervalMs / 2) await takeReading();
    await spec.close?.().catch(() => undefined);
    const available = last !== undefined;
    const series: ProbeSeries<S> = {
      name: spec.name,
      intervalMs,
      samples,
      summary: spec.summarize(available ? samples : []),
      available,
    };
    const labels = spec.labels?.();
    if (labels !== undefined && Object.keys(labels).length > 0) series.labels = labels;
    if (!wasStarted) series.note = 'probe was stopped without being started';
    else if (firstError !== undefined) {
      series.note = available
        ? `${readErrors} reading(s) failed; first: ${firstError}`
        : `source not readable: ${firstError}`;
    }
    return series;
  }

  return {
    name: spec.name,
    start(signal?: AbortSignal): void {
      if (phase !== 'idle') throw new Error(`probe ${spec.name} was already started`);
      phase = 'running';
      inFlight = takeReading();
      if (signal?.aborted === true) {
        halt();
        return;
      }
      clock = clockFor(intervalMs);
      clock.add(subscriber);
      if (signal !== undefined) {
        abortSignal = signal;
        signal.addEventListener('abort', halt, { once: true });
      }
    },
    stop(): Promise<ProbeSeries<S>> {
      result ??= finish();
      return result;
    },
  };
}
