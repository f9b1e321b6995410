import { Worker } from 'node:worker_threads';

/**
 * Sub-millisecond wake-ups without burning a CPU. Node's timers have 1 ms granularity and fire
 * late by up to a millisecond or more; spinning instead would steal the client node's CPU from
 * the client sidecar and inflate the very tail being measured.
 */
export interface Metronome {
  /** Calls `wake` after about `delayUs` microseconds; one pending wake-up at a time. */
  wakeAfter(delayUs: number, wake: () => void): void;
  /**
   * Blocks this thread for `delayUs` (cheapest and most precise, ~20–70 µs late here), for when
   * nothing can arrive that would need the event loop (no request in flight).
   */
  sleep(delayUs: number): void;
  close(): Promise<void>;
}

/** Atomics.waitAsync (V8, Node ≥ 16); not yet in this project's TypeScript lib. */
const waitAsync = (Atomics as unknown as {
  waitAsync(cells: Int32Array, index: number, value: number): { async: false; value: string } | { async: true; value: Promise<string> };
}).waitAsync;

export function startMetronome(): Metronome {
  const cells = new Int32Array(new SharedArrayBuffer(8));
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  // Plain JS: no loader (tsx) in the worker, so it starts in milliseconds.
  const worker = new Worker(new URL('./metronome.worker.mjs', import.meta.url), { execArgv: [], workerData: cells.buffer });
  worker.unref();
  let pending: (() => void) | undefined;
  const fire = () => {
    const wake = pending;
    pending = undefined;
    wake?.();
  };
  return {
    wakeAfter(delayUs, wake) {
      pending = wake;
      const generation = Atomics.load(cells, 0);
      Atomics.store(cells, 1, Math.max(1, Math.round(delayUs)));
      Atomics.notify(cells, 1);
      const waited = waitAsync(cells, 0, generation);
      if (waited.async) void waited.value.then(fire);
      else fire();
    },
    sleep(delayUs) {
      if (delayUs > 0) Atomics.wait(sleeper, 0, 0, delayUs / 1000);
    },
    close: async () => {
      pending = undefined;
      Atomics.store(cells, 1, -1);
      Atomics.notify(cells, 1);
      await worker.terminate();
    },
  };
}
