/** Sidecars or ambient in the terminal report (nothing for a run without an ambient pass). */
import { dataPlaneComparison } from './model.js';

const signed = (x: number | null) => (x === null ? '?' : `${x >= 0 ? '+' : ''}${Math.round(x)}`);
const ci = (c: readonly [number | null, number | null]) => (c[0] === null || c[1] === null ? '[unknown]' : `[${signed(c[0])}, ${signed(c[1])}]`);
const num = (x: number | null, digits = 0) => (x === null ? 'n/a' : x.toFixed(digits));

type Table = (header: string[], rows: string[][]) => string;

export function dataPlaneTerminalLines(record: Parameters<typeof dataPlaneComparison>[0], table: Table): string[] {
  const comparison = dataPlaneComparison(record);
  if (!comparison) return [];
  const pct = `${Math.round(comparison.confidence * 100)}% CI`;
  const out = ['', 'Sidecars or ambient (tax = mesh − baseline of each pass; difference = ambient − sidecar, Welch t interval; the passes ran one after the other):'];
  out.push(
    table(
      ['profile', 'rps', 'percentile', 'sidecar tax µs', pct, 'ambient tax µs', pct, 'difference µs', pct],
      comparison.rows.map((r) => [
        r.profile,
        `${r.rateRps}${r.newConnectionEvery ? ` (new conn /${r.newConnectionEvery})` : ''}`,
        `p${r.percentile}`,
        signed(r.sidecar.taxUs),
        ci(r.sidecar.ciUs),
        signed(r.ambient.taxUs),
        ci(r.ambient.ciUs),
        signed(r.differenceUs),
        ci(r.differenceCiUs),
      ]),
    ),
  );
  out.push(...comparison.warnings.map((w) => `  ! ${w}`));
  out.push(
    table(
      ['profile', 'sidecar pair mcores/1000 rps', 'ztunnel pair mcores/1000 rps', 'sidecar RSS MiB', 'ztunnel RSS MiB'],
      comparison.costs.map((c) => [c.profile, num(c.sidecarMillicoresPer1000Rps), num(c.ztunnelMillicoresPer1000Rps), num(c.sidecarRssMiB, 1), num(c.ztunnelRssMiB, 1)]),
    ),
  );
  return out;
}
