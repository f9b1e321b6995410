// Sleeps precisely on behalf of the load agent's event loop: Atomics.wait blocks this worker
// thread in the kernel (no spinning) for a fractional number of milliseconds, then the message
// back wakes the agent's event loop within tens of microseconds. Plain JS: no loader needed.
import { parentPort } from 'node:worker_threads';

const cell = new Int32Array(new SharedArrayBuffer(4));
parentPort.on('message', ({ id, sleepMs }) => {
  if (sleepMs > 0) Atomics.wait(cell, 0, 0, sleepMs);
  parentPort.postMessage(id);
});
