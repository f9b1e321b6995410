/**
 * What must match for two results to be comparable: the hardware and kernel they ran on, the Envoy
 * they measured, and the fidelity of the run (full isolation vs loopback). A tax measured on an
 * 8-core dedicated box says nothing about a 2-vCPU VPS, and a new Envoy is a change of the thing
 * under test, not a regression of it.
 */
import type { ResultRecord } from '../../report/record.js';

export interface Fingerprint {
  readonly cpuModel: string;
  /** Logical CPUs of the host. */
  readonly cores: number | null;
  readonly kernel: string;
}

export interface EnvironmentDifference {
  readonly field: 'cpuModel' | 'cores' | 'kernel' | 'envoyVersion' | 'fidelity';
  readonly baseline: string;
  readonly current: string;
}

type Environmental = Pick<ResultRecord, 'environment' | 'envoy' | 'fidelity'>;

/**
 * The hardware fingerprint of a record. Reads both the flat form the run writes today
 * (`cpuModel`, `cpus`, `kernel`) and the host inventory's (`cpu.model`, `cpu.logicalCores`,
 * `os.kernel`); a field that is in neither is 'unknown' (and two unknowns match).
 */
export function fingerprint(record: Pick<ResultRecord, 'environment'>): Fingerprint {
  const env = record.environment;
  const cpu = objectAt(env, 'cpu');
  const os = objectAt(env, 'os');
  const model = stringAt(env, 'cpuModel') ?? stringAt(cpu, 'model') ?? 'unknown';
  const cores = numberAt(env, 'cpus') ?? numberAt(cpu, 'logicalCores') ?? null;
  const kernel = stringAt(env, 'kernel') ?? stringAt(os, 'kernel') ?? 'unknown';
  return { cpuModel: model.trim().replace(/\s+/g, ' '), cores, kernel: kernel.trim() };
}

/** One line for reports: "AMD EPYC × 2, kernel 6.18.44". */
export function describeFingerprint(f: Fingerprint): string {
  return `${f.cpuModel} × ${f.cores ?? '?'} CPUs, kernel ${f.kernel}`;
}

/** Every way the two records' environments differ; empty when they are comparable. */
export function environmentDifferences(baseline: Environmental, current: Environmental): EnvironmentDifference[] {
  const a = fingerprint(baseline);
  const b = fingerprint(current);
  const pairs: [EnvironmentDifference['field'], string, string][] = [
    ['cpuModel', a.cpuModel, b.cpuModel],
    ['cores', String(a.cores ?? 'unknown'), String(b.cores ?? 'unknown')],
    ['kernel', a.kernel, b.kernel],
    ['envoyVersion', baseline.envoy.version, current.envoy.version],
    ['fidelity', baseline.fidelity.level, current.fidelity.level],
  ];
  return pairs.filter(([, x, y]) => x !== y).map(([field, x, y]) => ({ field, baseline: x, current: y }));
}

function objectAt(value: unknown, key: string): Record<string, unknown> | undefined {
  const inner = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return inner !== null && typeof inner === 'object' ? (inner as Record<string, unknown>) : undefined;
}
function stringAt(value: Record<string, unknown> | undefined, key: string): string | undefined {
  const v = value?.[key];
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}
function numberAt(value: Record<string, unknown> | undefined, key: string): number | undefined {
  const v = value?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
