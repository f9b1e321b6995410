/**
 * From the probe series of each trial to what a reader of the record needs per profile: was the
 * machine disturbed (steal, pressure, throttling, disk), and what does a sidecar cost.
 */
import { max, mean, median } from 'simple-statistics';
import type { ProfileProbeSummary, TrialRecord } from '../record/index.js';

type Series = NonNullable<TrialRecord['probes']>[number];

const finite = (xs: readonly (number | null | undefined)[]): number[] => xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
const meanOrNull = (xs: readonly (number | null | undefined)[]) => (finite(xs).length ? mean(finite(xs)) : null);
const maxOrNull = (xs: readonly (number | null | undefined)[]) => (finite(xs).length ? max(finite(xs)) : null);
const medianOrNull = (xs: readonly (number | null | undefined)[]) => (finite(xs).length ? median(finite(xs)) : null);
const round = (x: number | null, digits = 2) => (x === null ? null : Number(x.toFixed(digits)));

function seriesOf(trial: TrialRecord, name: string): Series | undefined {
  return trial.probes?.find((s) => s.name === name);
}

function summaryValues(trials: readonly TrialRecord[], name: string, key: string): (number | null | undefined)[] {
  return trials.map((t) => seriesOf(t, name)?.summary[key]);
}

/** Summary keys of the disk probe that are await p99s, whatever the device. */
function diskAwaits(trials: readonly TrialRecord[]): (number | null | undefined)[] {
  return trials.flatMap((t) => {
    const summary = t.probes?.find((s) => s.name.startsWith('disk'))?.summary ?? {};
    return Object.entries(summary)
      .filter(([k]) => k.endsWith('AwaitP99Ms'))
      .map(([, v]) => v);
  });
}

function processName(trial: TrialRecord): Series | undefined {
  return trial.probes?.find((s) => s.name.startsWith('process'));
}

/** The mesh path's proxies: the sidecar pair, or in an ambient pass the ztunnel pair (never both in one profile). */
const MESH_PROXY_ROLES = ['envoy-client', 'envoy-server', 'ztunnel-client', 'ztunnel-server'];

/** Per 1000 rps: a role's mean millicores over the trial divided by the achieved rate. */
function costPer1000Rps(trials: readonly TrialRecord[], roles: readonly string[]): number | null {
  const per = trials.map((t) => {
    const summary = processName(t)?.summary ?? {};
    const millicores = finite(roles.map((r) => summary[`role:${r}.meanMillicores`]));
    return millicores.length && t.load.achievedRps > 0 ? (millicores.reduce((a, b) => a + b, 0) / t.load.achievedRps) * 1000 : null;
  });
  return medianOrNull(per);
}

/** Nearest-rank p99 of samples pooled over trials (a trial alone holds only a few fsyncs). */
function pooledP99(values: readonly unknown[]): number | null {
  const sorted = finite(values.map((v) => (typeof v === 'number' ? v : null))).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)]! : null;
}

export function summarizeProbes(trials: readonly TrialRecord[]): ProfileProbeSummary[] {
  const profiles = [...new Set(trials.map((t) => t.profile))];
  return profiles.map((profile) => {
    const measured = trials.filter((t) => t.profile === profile && !t.warmup && t.probes);
    const meshSteady = measured.filter((t) => t.variant === 'mesh' && t.newConnectionEvery === 0 && t.valid);
    const sidecarRss = meshSteady.flatMap((t) => {
      const summary = processName(t)?.summary ?? {};
      return Object.entries(summary)
        .filter(([k]) => (k.startsWith('envoy') || k.startsWith('ztunnel')) && k.endsWith('.maxRssMiB'))
        .map(([, v]) => v);
    });
    const harness = measured.map((t) => (t.harnessCpuMs === undefined ? null : (t.harnessCpuMs / (t.load.durationS * 1000)) * 100));
    return {
      profile,
      stealPctMean: round(meanOrNull(summaryValues(measured, 'cpu-steal', 'meanStealPct'))),
      stealPctMax: round(maxOrNull(summaryValues(measured, 'cpu-steal', 'maxStealPct'))),
      cpuPressurePct: round(meanOrNull(summaryValues(measured, 'cpu-pressure', 'meanStallPct'))),
      throttledPct: round(meanOrNull(summaryValues(measured, 'cgroup-server', 'throttledPeriodsPct'))),
      throttledMs: round(meanOrNull(summaryValues(measured, 'cgroup-server', 'throttledMs'))),
      diskAwaitP99Ms: round(maxOrNull(diskAwaits(measured))),
      fdatasyncP99Ms: round(pooledP99(measured.flatMap((t) => seriesOf(t, 'fdatasync')?.samples.map((s) => s.syncMs) ?? []))),
      sidecarMillicoresPer1000Rps: round(costPer1000Rps(meshSteady, MESH_PROXY_ROLES), 1),
      sidecarRssMiB: round(maxOrNull(sidecarRss), 1),
      appMillicoresPer1000Rps: round(costPer1000Rps(meshSteady, ['app']), 1),
      harnessCpuPctOfCore: round(medianOrNull(harness)),
    };
  });
}
