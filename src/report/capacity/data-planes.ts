/**
 * Sidecars or ambient in the capacity report: per node profile searched with both data planes, the
 * two searches' figures in two columns, shared by the terminal, HTML and Markdown forms.
 */
import { capacityBracket } from '../../capacity/index.js';
import { rpsText } from '../format.js';
import type { CapacityProfile, CapacityReport, DataPlaneCapacityRecord } from '../../record/schema.js';
import { capacityText, firstOverBudgetText, kneeText, nodesText, perMillionText, sidecarCpuText, sidecarMemoryText } from './words.js';

export interface DataPlaneCapacityRow {
  readonly label: string;
  readonly sidecar: string;
  readonly ambient: string;
}

export interface DataPlaneCapacityTable {
  readonly profile: string;
  readonly rows: readonly DataPlaneCapacityRow[];
  readonly recommendation: string;
}

const FIGURES: readonly [string, (p: CapacityProfile) => string][] = [
  ['Highest rate within budget', capacityText],
  ['Capacity lies', bracketText],
  ['Knee of the latency curve', kneeText],
  ['Lowest rate over budget', firstOverBudgetText],
  ['Proxy CPU per 1000 rps (client + server) = CPU-seconds per million requests', sidecarCpuText],
  ['Proxy memory (each)', sidecarMemoryText],
  ['Proxy cores busy at capacity', (p) => (p.sidecar.coresAtCapacity === null ? '—' : `${p.sidecar.coresAtCapacity.toFixed(2)} cores`)],
  ['Nodes needed', nodesText],
  ['Cost per million requests', (p) => perMillionText(p.cost)],
];

function bracketText(p: CapacityProfile): string {
  const [low, high] = capacityBracket(p);
  if (high === Infinity) return `at ${rpsText(low)} or above`;
  return low === 0 ? `below ${rpsText(high)}` : `between ${rpsText(low)} and ${rpsText(high)}`;
}

/** One table per node profile with both searches (none for other runs). */
export function dataPlaneCapacityTables(capacity: CapacityReport): DataPlaneCapacityTable[] {
  return (capacity.dataPlanes ?? []).flatMap((d) => {
    const sidecar = capacity.profiles.find((p) => p.profile === d.sidecar);
    const ambient = capacity.profiles.find((p) => p.profile === d.ambient);
    return sidecar && ambient ? [tableOf(d, sidecar, ambient)] : [];
  });
}

function tableOf(d: DataPlaneCapacityRecord, sidecar: CapacityProfile, ambient: CapacityProfile): DataPlaneCapacityTable {
  return { profile: d.profile, rows: FIGURES.map(([label, text]) => ({ label, sidecar: text(sidecar), ambient: text(ambient) })), recommendation: d.recommendation };
}

export const DATA_PLANE_CAPACITY_NOTE =
  'Each data plane had its own capacity search on the same node profile, one after the other, each level A B B A against its own baseline. ' +
  'A capacity lies between the highest rate that passed and the lowest the node failed; two capacities differ only where those ranges do not overlap. ' +
  'Sidecar column: client and server Envoy; ambient column: client and server ztunnel (one workload per node).';
