/**
 * Several machines' capacity results side by side (`npm run report -- --compare a.json b.json …`):
 * a row per machine and node profile, and which one to buy. Pure.
 */
import { overallRecommendation } from '../../capacity/index.js';
import { BadInputError } from '../../errors.js';
import type { CapacityProfile, CapacityReport, ResultRecord } from '../../record/schema.js';

export interface ComparedRecord {
  readonly file: string;
  readonly record: ResultRecord;
}

export interface ComparedMachine {
  /** Short name: the node type when one was configured, else the host name (made unique). */
  readonly label: string;
  readonly file: string;
  readonly runId: string;
  readonly startedAt: string;
  /** CPU, cores, virtualisation, memory, in words. */
  readonly hardware: string;
  readonly capacity: CapacityReport;
}

export interface CapacityComparison {
  readonly machines: readonly ComparedMachine[];
  /** Per machine and profile; `profile` reads `<machine> · <profile>`. */
  readonly entries: readonly CapacityProfile[];
  readonly budgetUs: number;
  readonly percentile: number;
  readonly confidence: number;
  /** Differences that make the comparison less fair (budgets, percentiles, search settings). */
  readonly warnings: readonly string[];
  readonly recommendation: string;
}

export function compareCapacity(records: readonly ComparedRecord[]): CapacityComparison {
  if (records.length === 0) throw new BadInputError('Nothing to compare: give the result records of capacity runs.', 'e.g. `npm run report -- --compare results/a.json results/b.json`.');
  const machines = uniqueLabels(records.map(machineOf));
  const first = machines[0]!.capacity;
  const entries = machines.flatMap((m) => m.capacity.profiles.map((p) => ({ ...p, profile: `${m.label} · ${p.profile}` })));
  const criteria = { budgetUs: first.budgetUs, percentile: first.search.percentile };
  return {
    machines,
    entries,
    ...criteria,
    confidence: records[0]!.record.settings.confidence,
    warnings: warningsOf(machines),
    recommendation: overallRecommendation(entries, criteria),
  };
}

function machineOf({ file, record }: ComparedRecord): ComparedMachine {
  const capacity = record.capacity;
  if (!capacity) {
    throw new BadInputError(`${file} has no capacity section: it is a run of fixed load levels (scenario ${record.scenario.name}).`, 'Run `npm run bench -- --scenario capacity` on each machine and compare those results.');
  }
  const nodeTypes = [...new Set(capacity.profiles.map((p) => p.cost.nodeType).filter((t): t is string => t !== null))];
  return { label: nodeTypes.length === 1 ? nodeTypes[0]! : record.environment.hostname, file, runId: record.runId, startedAt: record.startedAt, hardware: hardwareText(record.environment), capacity };
}

function hardwareText(env: ResultRecord['environment']): string {
  const virt = env.virtualization.virtual ? `virtual (${env.virtualization.hypervisor ?? 'unknown hypervisor'})` : 'bare metal';
  return `${env.hostname}: ${env.cpu.model}, ${env.cpu.logicalCores} CPUs, ${virt}, ${(env.memory.totalBytes / 2 ** 30).toFixed(1)} GiB`;
}

/** `c6i.large`, `c6i.large #2` when the same name comes twice. */
function uniqueLabels(machines: readonly ComparedMachine[]): ComparedMachine[] {
  const seen = new Map<string, number>();
  return machines.map((m) => {
    const n = (seen.get(m.label) ?? 0) + 1;
    seen.set(m.label, n);
    return n === 1 ? m : { ...m, label: `${m.label} #${n}` };
  });
}

function warningsOf(machines: readonly ComparedMachine[]): string[] {
  const differing = (what: string, value: (c: CapacityReport) => string | number): string[] => {
    const values = [...new Set(machines.map((m) => value(m.capacity)))];
    return values.length > 1 ? [`The runs differ in ${what} (${values.join(' vs ')}): the capacities answer different questions.`] : [];
  };
  return [
    ...differing('budget', (c) => `${c.budgetUs} µs`),
    ...differing('percentile', (c) => `p${c.search.percentile}`),
    ...differing('rounds per level', (c) => c.search.roundsPerLevel),
    ...differing('trial length', (c) => `${c.search.trialSeconds} s`),
  ];
}
