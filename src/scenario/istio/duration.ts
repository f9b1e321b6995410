/** Istio durations ("500ms", "1s", "1.5s", "1m30s"): Go duration syntax at millisecond precision. */
import { z } from 'zod';

const UNIT_MS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 1e-3, 'µs': 1e-3, ns: 1e-6 };
// `ms` before `m`, so "5ms" is not read as five minutes and a stray "s".
const PART = '(\\d+(?:\\.\\d+)?)(h|ms|m|s|us|µs|ns)';
const WHOLE = new RegExp(`^(?:${PART})+$`);

/** Milliseconds, or undefined when `text` is not a duration. */
export function parseDurationMs(text: string): number | undefined {
  if (!WHOLE.test(text)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(new RegExp(PART, 'g'))) ms += Number(amount) * (UNIT_MS[unit ?? ''] ?? Number.NaN);
  // Round away binary noise ("1.1s" is 1100.0000000000002 ms) before the precision check.
  return Math.round(ms * 1e6) / 1e6;
}

/** A duration field, parsed to milliseconds. Istio refuses sub-millisecond precision. */
export function istioDurationMs(options: { readonly allowZero: boolean }) {
  return z.string().transform((text, ctx) => {
    const ms = parseDurationMs(text);
    const problem =
      ms === undefined
        ? `"${text}" is not a duration; write it as Istio does, e.g. 500ms, 1s, 1.5s, 1m`
        : !Number.isInteger(ms)
          ? `"${text}" is finer than a millisecond, which Istio does not support`
          : ms === 0 && !options.allowZero
            ? `"${text}" must be at least 1ms`
            : undefined;
    if (problem === undefined && ms !== undefined) return ms;
    ctx.addIssue({ code: 'custom', message: problem ?? 'not a duration', input: text });
    return z.NEVER;
  });
}
