/**
 * The probes' per-profile summary in rows a reader can scan: was the machine disturbed (steal,
 * pressure, throttling, disk), and what does a sidecar cost. Shared by the HTML and Markdown forms.
 */
import type { ProfileProbeSummary, ResultRecord } from '../record/schema.js';

export interface MachineRow {
  readonly label: string;
  /** One cell per profile, in `record.probes` order; `—` when the signal was not available. */
  readonly cells: readonly string[];
}

const fixed = (x: number | null, digits: number, unit: string): string => (x === null ? '—' : `${x.toFixed(digits)}${unit}`);

const ROWS: ReadonlyArray<[string, (p: ProfileProbeSummary) => string]> = [
  ['Sidecar CPU per 1000 rps (client + server)', (p) => fixed(p.sidecarMillicoresPer1000Rps, 0, ' millicores')],
  ['Sidecar memory (largest RSS of one)', (p) => fixed(p.sidecarRssMiB, 1, ' MiB')],
  ['App CPU per 1000 rps', (p) => fixed(p.appMillicoresPer1000Rps, 0, ' millicores')],
  ['CPU steal, mean / max', (p) => (p.stealPctMean === null ? '—' : `${fixed(p.stealPctMean, 2, '%')} / ${fixed(p.stealPctMax, 2, '%')}`)],
  ['CPU pressure (tasks waiting for a CPU)', (p) => fixed(p.cpuPressurePct, 2, '%')],
  ['Server node throttled (share of CFS periods)', (p) => fixed(p.throttledPct, 2, '%')],
  ['Disk await, worst trial p99', (p) => fixed(p.diskAwaitP99Ms, 2, ' ms')],
  ['fdatasync, worst trial p99 (etcd wants < 10 ms)', (p) => fixed(p.fdatasyncP99Ms, 2, ' ms')],
  ['meshtax itself (CPU, share of one core)', (p) => fixed(p.harnessCpuPctOfCore, 1, '%')],
];

/** Rows with at least one value; empty when the run recorded no probes. */
export function machineRows(record: ResultRecord): MachineRow[] {
  return ROWS.map(([label, cell]) => ({ label, cells: record.probes.map(cell) })).filter((r) => r.cells.some((c) => c !== '—'));
}
