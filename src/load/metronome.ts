import { Worker } from 'node:worker_threads';

/**
 * Sub-millisecond wake-ups without burning a CPU. Node's timers have 1 ms granularity and fire
 * late by up to a millisecond or more; spinning instead would steal the client node's CPU from
 * the client sidecar and inflate the very tail being measured.
 */
export interface Metronome {
  /** Calls `wake` after about `delayUs` microseconds; one pending wake-up at a time. */
  wakeAfter(delayUs: number, wake: () => void): void;
  close(): Promise<void>;
}

export function startMetronome(): Metronome {
  // Plain JS: no loader (tsx) in the worker, so it starts in milliseconds.
  const worker = new Worker(new URL('./metronome.worker.mjs', import.meta.url), { execArgv: [] });
  worker.unref();
  let nextId = 0;
  let pending: { id: number; wake: () => void } | undefined;
  worker.on('message', (id: number) => {
    if (pending?.id !== id) return;
    const { wake } = pending;
    pending = undefined;
    wake();
  });
  return {
    wakeAfter(delayUs, wake) {
      pending = { id: ++nextId, wake };
      worker.postMessage({ id: pending.id, sleepMs: Math.max(0, delayUs) / 1000 });
    },
    close: async () => {
      pending = undefined;
      await worker.terminate();
    },
  };
}
