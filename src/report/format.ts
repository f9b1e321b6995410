/** Numbers in the words and tables of the reports: one place, so every form says them alike. */

/** `p99`, `p99.9`. */
export const pLabel = (p: number): string => `p${Number(p.toFixed(6))}`;

/** A duration a reader takes in at a glance: `340 µs`, `1.44 ms`, `12.3 ms`; `unknown` for null. */
export function formatUs(us: number | null): string {
  if (us === null || !Number.isFinite(us)) return 'unknown';
  const abs = Math.abs(us);
  const sign = us < 0 && Math.round(abs) > 0 ? '−' : '';
  if (abs < 1000) return `${sign}${Math.round(abs)} µs`;
  const ms = abs / 1000;
  return `${sign}${abs < 10_000 ? ms.toFixed(2) : abs < 100_000 ? ms.toFixed(1) : ms.toFixed(0)} ms`;
}

/** Like `formatUs` with an explicit sign: `+340 µs`, `−1.20 ms`. */
export function formatSignedUs(us: number | null): string {
  if (us === null || !Number.isFinite(us)) return 'unknown';
  const text = formatUs(Math.abs(us));
  return us < 0 ? `−${text}` : `+${text}`;
}

/** Whole microseconds for tables: `1438`, `?` when unknown. */
export const wholeUs = (us: number | null): string => (us === null || !Number.isFinite(us) ? '?' : `${Math.round(us)}`);

/** Whole microseconds with a sign: `+1438`, `−12`. */
export const signedWholeUs = (us: number | null): string =>
  us === null || !Number.isFinite(us) ? '?' : `${us < 0 ? '−' : '+'}${Math.abs(Math.round(us))}`;

/** `[+1072, +1928]`, or `unknown` when either end is. */
export function ciText(ci: readonly [number | null, number | null]): string {
  const [lo, hi] = ci;
  return lo === null || hi === null ? 'unknown' : `[${signedWholeUs(lo)}, ${signedWholeUs(hi)}]`;
}

/** `500 rps`. */
export const rpsText = (rps: number): string => `${Number(rps.toFixed(1))} rps`;

/** The percentage a confidence level is said as: 0.95 → `95%`. */
export const confidenceText = (confidence: number): string => `${Number((confidence * 100).toFixed(1))}%`;

/** A plain-text table: the first `leftColumns` columns padded on the right, the rest (numbers) on the left. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[], leftColumns: number): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i < leftColumns ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
