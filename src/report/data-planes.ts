/**
 * Sidecars or ambient, side by side, for a run of a `dataPlane: both` scenario: per profile, load
 * level and percentile the sidecar pass's tax and the ambient pass's tax (`<profile>-ambient`),
 * each with its CI, and their difference; then what each data plane's proxies cost per 1000 rps.
 * The two passes ran one after the other, each ABBA against its own baseline, so the difference is
 * of two medians, without a CI of its own.
 */
import type { ResultRecord } from '../record/schema.js';

const AMBIENT_SUFFIX = '-ambient';

export interface DataPlaneTax {
  readonly taxUs: number | null;
  readonly ciUs: readonly [number | null, number | null];
}

export interface DataPlaneRow {
  readonly profile: string;
  readonly rateRps: number;
  readonly newConnectionEvery: number;
  readonly percentile: number;
  readonly sidecar: DataPlaneTax;
  readonly ambient: DataPlaneTax;
  /** ambient − sidecar, µs (negative: ambient adds less). */
  readonly differenceUs: number | null;
}

export interface DataPlaneCost {
  readonly profile: string;
  readonly sidecarMillicoresPer1000Rps: number | null;
  readonly ztunnelMillicoresPer1000Rps: number | null;
  readonly sidecarRssMiB: number | null;
  readonly ztunnelRssMiB: number | null;
}

export interface DataPlaneComparison {
  readonly rows: readonly DataPlaneRow[];
  readonly costs: readonly DataPlaneCost[];
}

const isAmbient = (record: ResultRecord, profile: string) => record.profiles.find((p) => p.profile === profile)?.dataPlane === 'ambient';

/** Undefined when the run has no pair of sidecar and ambient passes. */
export function dataPlaneComparison(record: ResultRecord): DataPlaneComparison | undefined {
  const rows: DataPlaneRow[] = [];
  for (const amb of record.summary.filter((r) => isAmbient(record, r.profile) && r.profile.endsWith(AMBIENT_SUFFIX))) {
    const profile = amb.profile.slice(0, -AMBIENT_SUFFIX.length);
    const side = record.summary.find((r) => r.profile === profile && r.rateRps === amb.rateRps && r.newConnectionEvery === amb.newConnectionEvery && r.percentile === amb.percentile);
    if (!side) continue;
    rows.push({
      profile,
      rateRps: amb.rateRps,
      newConnectionEvery: amb.newConnectionEvery,
      percentile: amb.percentile,
      sidecar: { taxUs: side.taxUs, ciUs: side.ciUs },
      ambient: { taxUs: amb.taxUs, ciUs: amb.ciUs },
      differenceUs: amb.taxUs === null || side.taxUs === null ? null : amb.taxUs - side.taxUs,
    });
  }
  if (rows.length === 0) return undefined;
  const costs = [...new Set(rows.map((r) => r.profile))].map((profile) => {
    const side = record.probes.find((p) => p.profile === profile);
    const amb = record.probes.find((p) => p.profile === `${profile}${AMBIENT_SUFFIX}`);
    return {
      profile,
      sidecarMillicoresPer1000Rps: side?.sidecarMillicoresPer1000Rps ?? null,
      ztunnelMillicoresPer1000Rps: amb?.sidecarMillicoresPer1000Rps ?? null,
      sidecarRssMiB: side?.sidecarRssMiB ?? null,
      ztunnelRssMiB: amb?.sidecarRssMiB ?? null,
    };
  });
  return { rows, costs };
}

const signed = (x: number | null) => (x === null ? '?' : `${x >= 0 ? '+' : ''}${Math.round(x)}`);
const ci = (c: readonly [number | null, number | null]) => (c[0] === null || c[1] === null ? '[unknown]' : `[${signed(c[0])}, ${signed(c[1])}]`);
const num = (x: number | null, digits = 0) => (x === null ? 'n/a' : x.toFixed(digits));

/** The comparison as terminal lines (none when the run has no ambient pass). */
export function dataPlaneTerminalLines(record: ResultRecord, table: (header: string[], rows: string[][]) => string): string[] {
  const comparison = dataPlaneComparison(record);
  if (!comparison) return [];
  const pct = `${Math.round(record.settings.confidence * 100)}% CI`;
  const out = ['', 'Sidecars or ambient (tax = mesh − baseline of each pass; difference = ambient − sidecar):'];
  out.push(
    table(
      ['profile', 'rps', 'percentile', 'sidecar tax µs', pct, 'ambient tax µs', pct, 'difference µs'],
      comparison.rows.map((r) => [r.profile, `${r.rateRps}${r.newConnectionEvery ? ` (new conn /${r.newConnectionEvery})` : ''}`, `p${r.percentile}`, signed(r.sidecar.taxUs), ci(r.sidecar.ciUs), signed(r.ambient.taxUs), ci(r.ambient.ciUs), signed(r.differenceUs)]),
    ),
  );
  out.push(
    table(
      ['profile', 'sidecar pair mcores/1000 rps', 'ztunnel pair mcores/1000 rps', 'sidecar RSS MiB', 'ztunnel RSS MiB'],
      comparison.costs.map((c) => [c.profile, num(c.sidecarMillicoresPer1000Rps), num(c.ztunnelMillicoresPer1000Rps), num(c.sidecarRssMiB, 1), num(c.ztunnelRssMiB, 1)]),
    ),
  );
  return out;
}
