/**
 * What must match for two results to be comparable: the hardware and kernel they ran on, the Envoy
 * they measured, and the fidelity of the run (full isolation vs loopback). A tax measured on an
 * 8-core dedicated box says nothing about a 2-vCPU VPS, and a new Envoy is a change of the thing
 * under test, not a regression of it.
 */
import type { ResultRecord } from '../record/schema.js';

export interface Fingerprint {
  readonly cpuModel: string;
  /** Logical CPUs of the host. */
  readonly cores: number;
  readonly kernel: string;
}

export interface EnvironmentDifference {
  readonly field: 'cpuModel' | 'cores' | 'kernel' | 'envoyVersion' | 'fidelity';
  readonly baseline: string;
  readonly current: string;
}

type Environmental = Pick<ResultRecord, 'environment' | 'envoy' | 'fidelity'>;

/** The hardware fingerprint of a record, from its host inventory: CPU model, logical CPUs, kernel. */
export function fingerprint(record: Pick<ResultRecord, 'environment'>): Fingerprint {
  const { cpu, os } = record.environment;
  return { cpuModel: cpu.model.trim().replace(/\s+/g, ' '), cores: cpu.logicalCores, kernel: os.kernel.trim() };
}

/** One line for reports: "AMD EPYC × 2, kernel 6.18.44". */
export function describeFingerprint(f: Fingerprint): string {
  return `${f.cpuModel} × ${f.cores} CPUs, kernel ${f.kernel}`;
}

/** Every way the two records' environments differ; empty when they are comparable. */
export function environmentDifferences(baseline: Environmental, current: Environmental): EnvironmentDifference[] {
  const a = fingerprint(baseline);
  const b = fingerprint(current);
  const pairs: [EnvironmentDifference['field'], string, string][] = [
    ['cpuModel', a.cpuModel, b.cpuModel],
    ['cores', String(a.cores), String(b.cores)],
    ['kernel', a.kernel, b.kernel],
    ['envoyVersion', baseline.envoy.version, current.envoy.version],
    ['fidelity', baseline.fidelity.level, current.fidelity.level],
  ];
  return pairs.filter(([, x, y]) => x !== y).map(([field, x, y]) => ({ field, baseline: x, current: y }));
}
