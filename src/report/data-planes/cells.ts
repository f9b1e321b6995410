/** The comparison as header and cells, shared by the HTML and Markdown forms. */
import { ciText, confidenceText, pLabel, rpsText, signedWholeUs } from '../format.js';
import type { DataPlaneComparison } from './model.js';

export interface DataPlaneCells {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly costHeader: readonly string[];
  readonly costRows: readonly (readonly string[])[];
}

const fixed = (x: number | null, unit: string, digits = 0) => (x === null ? '—' : `${x.toFixed(digits)}${unit}`);

/** `lower`, `higher`, `cannot tell` for the difference's interval. */
export function differenceReading(ci: readonly [number | null, number | null]): string {
  const [lo, hi] = ci;
  if (lo === null || hi === null) return 'unknown';
  if (hi < 0) return 'ambient lower';
  if (lo > 0) return 'ambient higher';
  return 'cannot tell';
}

export function dataPlaneCells(c: DataPlaneComparison): DataPlaneCells {
  const ci = `${confidenceText(c.confidence)} CI µs`;
  return {
    header: ['Node profile', 'Offered load', 'Percentile', 'Sidecar tax µs', ci, 'Ambient tax µs', ci, 'Difference µs', ci, 'Reading'],
    rows: c.rows.map((r) => [
      r.profile,
      `${rpsText(r.rateRps)}${r.newConnectionEvery ? `, new connection every ${r.newConnectionEvery}` : ''}`,
      pLabel(r.percentile),
      signedWholeUs(r.sidecar.taxUs),
      ciText(r.sidecar.ciUs),
      signedWholeUs(r.ambient.taxUs),
      ciText(r.ambient.ciUs),
      signedWholeUs(r.differenceUs),
      ciText(r.differenceCiUs),
      differenceReading(r.differenceCiUs),
    ]),
    costHeader: ['Node profile', 'Sidecar pair CPU per 1000 rps', 'ztunnel pair CPU per 1000 rps', 'Sidecar memory (each)', 'ztunnel memory (each)'],
    costRows: c.costs.map((k) => [
      k.profile,
      fixed(k.sidecarMillicoresPer1000Rps, ' millicores'),
      fixed(k.ztunnelMillicoresPer1000Rps, ' millicores'),
      fixed(k.sidecarRssMiB, ' MiB', 1),
      fixed(k.ztunnelRssMiB, ' MiB', 1),
    ]),
  };
}
