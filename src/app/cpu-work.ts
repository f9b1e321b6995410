/** Simulated CPU work: a busy spin, so the app burns a known amount of CPU per request. */

/** Spins the CPU for `us` microseconds (by `process.hrtime.bigint()`); returns at once for 0 or less. */
export function spinUs(us: number): void {
  if (!(us > 0)) return;
  const end = process.hrtime.bigint() + BigInt(Math.round(us * 1000));
  while (process.hrtime.bigint() < end) {
    // busy: the point is to use the CPU, not to wait for it
  }
}
