/** Numbers in the capacity report's sentences. */

/** `340 µs`, `1.44 ms`, `2 ms` (999.6 µs rounds to `1 ms`, not `1000 µs`). */
export function usText(us: number): string {
  if (Math.abs(Math.round(us)) < 1000) return `${Math.round(us)} µs`;
  return `${Number((us / 1000).toFixed(2))} ms`;
}

/** `+340 µs`, `−1.2 ms`. */
export const signedUsText = (us: number): string => `${us < 0 ? '−' : '+'}${usText(Math.abs(us))}`;

/** `2000 rps`. */
export const rpsText = (rps: number): string => `${Math.round(rps)} rps`;

/** `p99`, `p99.9`. */
export const pText = (percentile: number): string => `p${Number(percentile.toFixed(6))}`;

/** Money with three significant digits: `0.0118 USD`, `12.4 USD`. */
export const moneyText = (amount: number, currency: string): string => `${Number(amount.toPrecision(3))} ${currency}`;

/** `[+380, +470] µs`. */
export function ciText(ci: readonly [number | null, number | null]): string {
  const [lo, hi] = ci;
  return lo === null || hi === null ? 'unknown' : `[${signedUsText(lo)}, ${signedUsText(hi)}]`;
}
