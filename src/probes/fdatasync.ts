import { randomBytes } from 'node:crypto';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { max, percentile, round } from './numbers.js';
import { checkIntervalMs, errorMessage } from './sampler.js';
import type { Probe, ProbeSeries } from './types.js';

/**
 * etcd's disk check, run beside the load: append a small block to a file and fdatasync it, at a
 * gentle pace, timing each fdatasync with `process.hrtime.bigint()`. etcd's guidance is a p99
 * under 10 ms. Each append grows the file, so every fdatasync also flushes the size change — like
 * a write-ahead log (and etcd's own fio check: sequential 2300-byte writes, fdatasync after each).
 *
 * The file is `<dir>/.meshtax-fdatasync-<pid>-<random>.tmp`, created exclusively and removed when
 * the loop ends (at `stop()`, after `maxWrites`, or on an error). Only a crash of this process can
 * leave it behind; the name says whose it is.
 */

export interface FdatasyncSample {
  /** The write(2) of the block, ms (page cache; normally tiny). */
  writeMs: number;
  /** The fdatasync(2) after it, ms: the number that matters. */
  syncMs: number;
}

export interface FdatasyncOptions {
  /** Directory on the disk under test, e.g. the results directory. */
  dir: string;
  /**
   * Pause between the end of one sync and the next write; default 100 ms (~10 syncs/s, ~300 per
   * 30 s trial). Each cycle costs ~0.5 ms of CPU on the project VM (two thread-pool trips and a
   * timer), so 50 ms doubles the probe's cost to ~1 % of a core.
   */
  intervalMs?: number;
  /** Bytes appended per write; default 2048. */
  writeBytes?: number;
  /** Stop after this many syncs (bounds file size and disk wear); default 1200 (≥ 2 min at 100 ms, 2.4 MB). */
  maxWrites?: number;
}

/**
 * Summary keys: `count`, `syncP50Ms`, `syncP99Ms`, `syncMaxMs` (nearest-rank), `syncOver10MsPct`
 * (share of syncs above etcd's 10 ms line), `writeP99Ms`.
 */
export function summarizeFdatasync(samples: ReadonlyArray<FdatasyncSample>): Record<string, number | null> {
  const sync = samples.map((s) => s.syncMs);
  return {
    count: samples.length,
    syncP50Ms: percentile(sync, 50),
    syncP99Ms: percentile(sync, 99),
    syncMaxMs: max(sync),
    syncOver10MsPct: sync.length === 0 ? null : round((sync.filter((v) => v > 10).length / sync.length) * 100),
    writeP99Ms: percentile(
      samples.map((s) => s.writeMs),
      99,
    ),
  };
}

const elapsedMs = (from: bigint): number => round(Number(process.hrtime.bigint() - from) / 1e6, 4);

/** Name `fdatasync`. */
export function createFdatasyncProbe(options: FdatasyncOptions): Probe<FdatasyncSample> {
  const intervalMs = checkIntervalMs(options.intervalMs ?? 100);
  const writeBytes = options.writeBytes ?? 2048;
  const maxWrites = options.maxWrites ?? 1200;
  const file = join(options.dir, `.meshtax-fdatasync-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const block = Buffer.alloc(writeBytes, 0x6d);
  const samples: Array<{ tMs: number } & FdatasyncSample> = [];
  let started = false;
  let stopping = false;
  let wake: (() => void) | undefined;
  let loop: Promise<void> = Promise.resolve();
  let failure: string | undefined;
  let opened = false;
  let result: Promise<ProbeSeries<FdatasyncSample>> | undefined;
  let abortSignal: AbortSignal | undefined;
  const halt = (): void => {
    stopping = true;
    wake?.();
  };

  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref();
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function run(): Promise<void> {
    let handle: FileHandle | undefined;
    try {
      handle = await open(file, 'wx', 0o600);
      opened = true;
      for (let i = 0; i < maxWrites && !stopping; i += 1) {
        const t0 = process.hrtime.bigint();
        await handle.write(block, 0, writeBytes, i * writeBytes);
        const writeMs = elapsedMs(t0);
        const t1 = process.hrtime.bigint();
        await handle.datasync();
        const syncMs = elapsedMs(t1);
        samples.push({ tMs: Date.now(), writeMs, syncMs });
        if (!stopping) await pause(intervalMs);
      }
    } catch (err) {
      failure = errorMessage(err);
    } finally {
      await handle?.close().catch(() => undefined);
      if (opened) await unlink(file).catch(() => undefined);
    }
  }

  async function finish(): Promise<ProbeSeries<FdatasyncSample>> {
    halt();
    abortSignal?.removeEventListener('abort', halt);
    await loop;
    const series: ProbeSeries<FdatasyncSample> = {
      name: 'fdatasync',
      intervalMs,
      samples,
      summary: summarizeFdatasync(samples),
      available: opened,
      labels: { dir: options.dir, writeBytes: String(writeBytes) },
    };
    if (!started) series.note = 'probe was stopped without being started';
    else if (failure !== undefined) {
      series.note = opened ? `stopped early after ${samples.length} syncs: ${failure}` : `cannot write in ${options.dir}: ${failure}`;
    }
    return series;
  }

  return {
    name: 'fdatasync',
    start(signal?: AbortSignal): void {
      if (started || stopping) throw new Error('probe fdatasync was already started');
      started = true;
      if (signal?.aborted === true) stopping = true;
      else if (signal !== undefined) {
        abortSignal = signal;
        signal.addEventListener('abort', halt, { once: true });
      }
      loop = run();
    },
    stop(): Promise<ProbeSeries<FdatasyncSample>> {
      result ??= finish();
      return result;
    },
  };
}
