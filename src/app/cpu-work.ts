/** Simulated CPU work: a busy spin, so the app burns a known amount of CPU per request. */

const cpuUsNow = (): number => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/**
 * Spins until this process has used `us` microseconds of CPU; returns at once for 0 or less.
 * Counted in CPU time, not wall time: on a contended core a wall-clock spin would burn less than
 * it promises, and the request then costs what the scenario says whatever else runs.
 */
export function spinUs(us: number): void {
  if (!(us > 0)) return;
  const end = cpuUsNow() + us;
  while (cpuUsNow() < end) {
    // busy: the point is to use the CPU, not to wait for it
  }
}
