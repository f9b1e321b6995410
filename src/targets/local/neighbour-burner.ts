/**
 * The noisy neighbour's body: spins for `dutyPct` % of every `periodMs` window and sleeps the rest
 * (a synchronous sleep, Atomics.wait, so nothing but the spin uses the CPU). Bounded three ways:
 * it ends after `maxS` seconds, as soon as its parent is gone (the harness was killed -9 and the
 * burner was re-parented), and on SIGTERM (Node's default action: exit).
 *
 *   node --import tsx neighbour-burner.ts <dutyPct> <periodMs> <maxS>
 */
export {};

const [dutyArg, periodArg, maxArg] = process.argv.slice(2);
const dutyPct = Number(dutyArg);
const periodMs = Number(periodArg ?? 10);
const maxS = Number(maxArg ?? 600);
if (!(dutyPct >= 0 && dutyPct <= 100) || !(periodMs > 0) || !(maxS > 0)) {
  process.stderr.write(`usage: neighbour-burner <dutyPct 0-100> <periodMs> <maxS> (got ${process.argv.slice(2).join(' ')})\n`);
  process.exit(2);
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const parent = process.ppid;
const busyMs = (periodMs * dutyPct) / 100;
const end = performance.now() + maxS * 1000;
let windowStart = performance.now();

// Each window: spin `busyMs` from the moment we woke (a late wake-up must not shorten the spin,
// or the duty would fall short by the VM's wake-up latency), then sleep to the window's end.
for (let i = 1; windowStart < end; i++) {
  const busyUntil = performance.now() + busyMs;
  while (performance.now() < busyUntil) {
    // spin
  }
  windowStart += periodMs;
  const idleMs = windowStart - performance.now();
  if (idleMs > 0) Atomics.wait(sleeper, 0, 0, idleMs);
  else if (idleMs < -periodMs) windowStart = performance.now(); // preempted or throttled: do not catch up in a burst
  if (i % 50 === 0 && process.ppid !== parent) break;
}
