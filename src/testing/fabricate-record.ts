// Test support only (not exported from index.ts): result records fabricated from known latency
// distributions, with real HDR histograms per trial, so compare runs the same path as on real runs.
// Every field compare does not read is taken from the real quick run in
// test/fixtures/record-quick.json, so the fabricated records follow the record schema as it grows.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../paths.js';
import { BenchConfigSchema } from '../config/schema.js';
import { ResultRecordSchema, type ResultRecord, type TrialRecord } from '../record/schema.js';
import { connectionSetupTaxes, summarizeRun, summaryRowRecord } from '../summary/rows.js';
import { encodeHistogram, newLatencyHistogram, recordUs } from '../stats/histogram.js';
import { mulberry32 } from '../stats/prng.js';
import { ABBA, gaussian } from './synthetic-run.js';
import type { HostInventory } from '../probes/index.js';
import type { ProfileProbeSummary } from '../record/schema.js';

export interface FabricateSpec {
  readonly seed: number;
  /** Default 10. */
  readonly rounds?: number;
  /** Requests per trial. Default 1000. */
  readonly samplesPerTrial?: number;
  readonly scenario?: string;
  readonly runId?: string;
  readonly startedAt?: string;
  /** Default ['dedicated']. */
  readonly profiles?: readonly string[];
  /** Default [500]. */
  readonly ratesRps?: readonly number[];
  /** Default [50, 90, 99]. */
  readonly percentiles?: readonly number[];
  /**
   * Baseline request latency: minUs plus an exponential tail of mean tailUs (median ≈ min + 0.69·tail).
   * Defaults 120 and 60 µs: roughly this VM's loopback HTTP.
   */
  readonly baselineMinUs?: number;
  readonly baselineTailUs?: number;
  /** The true tax: every mesh request takes this much longer. Default 260 µs. */
  readonly taxUs?: number;
  /** An injected regression in the mesh path, µs added to every mesh request. Default 0. */
  readonly extraMeshUs?: number;
  /** SD of a slowdown shared by the four trials of a round (a busy machine), µs. Default 20. */
  readonly roundDriftUs?: number;
  /** SD of each trial's own offset (GC, scheduling), µs. Default 25: per-round taxes spread ≈ 25 µs. */
  readonly trialNoiseUs?: number;
  /** Every trial's schedule-lag p99, µs. Default 300. */
  readonly scheduleLagP99Us?: number;
  /** Rounds in which a share of mesh requests stall: each takes `extraUs` longer (a stall in some rounds). */
  readonly meshStall?: { readonly rounds: readonly number[]; readonly share: number; readonly extraUs: number };
  /** Share of mesh requests that fail (503, answered fast); above 1% the trial is invalid as the load agent judges it. */
  readonly meshFailedShare?: number;
  /** (round, variant, slot) trials to mark invalid. */
  readonly invalid?: readonly { round: number; variant: 'baseline' | 'mesh'; slot: 0 | 1 }[];
  /** Probe figures per profile; a profile not given has every figure null (not measured). */
  readonly probes?: Record<string, Partial<Omit<ProfileProbeSummary, 'profile'>>>;
  readonly environment?: HostInventory;
  readonly envoyVersion?: string;
}

/** The fixture as it is on disk (not parsed: it may carry fields newer than this file knows). */
const TEMPLATE = JSON.parse(readFileSync(path.join(projectRoot, 'test', 'fixtures', 'record-quick.json'), 'utf8')) as ResultRecord;

/** The fixture's machine, with fixed figures the tests can name. */
export const DEFAULT_ENVIRONMENT: HostInventory = {
  ...TEMPLATE.environment,
  collectedAt: '2026-01-01T02:00:00.000Z',
  hostname: 'ci-1',
  cpu: { ...TEMPLATE.environment.cpu, model: 'AMD EPYC', logicalCores: 2 },
  os: { ...TEMPLATE.environment.os, kernel: '6.18.44' },
};

/** The same machine with its CPU model, logical cores or kernel changed. */
export function environmentWith(change: { model?: string; logicalCores?: number; kernel?: string }): HostInventory {
  return {
    ...DEFAULT_ENVIRONMENT,
    cpu: { ...DEFAULT_ENVIRONMENT.cpu, ...(change.model ? { model: change.model } : {}), ...(change.logicalCores ? { logicalCores: change.logicalCores } : {}) },
    os: { ...DEFAULT_ENVIRONMENT.os, ...(change.kernel ? { kernel: change.kernel } : {}) },
  };
}

/** Every probe figure null: not measured. */
const NO_PROBES = Object.fromEntries(Object.keys(TEMPLATE.probes[0] ?? {}).filter((k) => k !== 'profile').map((k) => [k, null])) as Omit<ProfileProbeSummary, 'profile'>;

export function fabricateRecord(spec: FabricateSpec): ResultRecord {
  const {
    rounds = 10,
    samplesPerTrial = 1000,
    scenario = 'mtls-strict',
    profiles = ['dedicated'],
    ratesRps = [500],
    percentiles = [50, 90, 99],
    baselineMinUs = 120,
    baselineTailUs = 60,
    taxUs = 260,
    extraMeshUs = 0,
    roundDriftUs = 20,
    trialNoiseUs = 25,
    scheduleLagP99Us = 300,
  } = spec;
  const uniform = mulberry32(spec.seed);
  const normal = gaussian(spec.seed ^ 0x5eed);
  const trials: TrialRecord[] = [];
  const trial = (profile: string, rateRps: number, round: number, variant: 'baseline' | 'mesh', slot: 0 | 1, driftUs: number, warmup: boolean) => {
    const histogram = newLatencyHistogram();
    const shift = driftUs + (warmup ? 0 : normal(trialNoiseUs)) + (variant === 'mesh' ? taxUs + extraMeshUs : 0) + (warmup ? 5000 : 0);
    const stall = variant === 'mesh' && !warmup && spec.meshStall?.rounds.includes(round) ? spec.meshStall : undefined;
    for (let i = 0; i < samplesPerTrial; i++) {
      const stalled = stall !== undefined && i < Math.round(stall.share * samplesPerTrial) ? stall.extraUs : 0;
      recordUs(histogram, baselineMinUs + shift + stalled - baselineTailUs * Math.log(1 - uniform()));
    }
    const lagged = spec.invalid?.some((t) => t.round === round && t.variant === variant && t.slot === slot) ?? false;
    const failed = variant === 'mesh' && !warmup ? Math.round((spec.meshFailedShare ?? 0) * samplesPerTrial) : 0;
    const invalid = lagged || failed > 0.01 * samplesPerTrial;
    const reasons = [...(lagged ? ['schedule lag p99 9000 µs > 5000 µs: the load generator fell behind'] : []), ...(failed > 0.01 * samplesPerTrial ? [`requests failed: ${((100 * failed) / samplesPerTrial).toFixed(1)}% of them (200: ${samplesPerTrial - failed}, 503: ${failed})`] : [])];
    trials.push({
      ...TEMPLATE.trials[0]!,
      probes: undefined,
      envoyStats: undefined,
      index: trials.length,
      profile,
      rateRps,
      newConnectionEvery: 0,
      round,
      variant,
      slot,
      warmup,
      startedAt: new Date(Date.UTC(2026, 0, 1, 2, 0, trials.length)).toISOString(),
      valid: !invalid,
      invalidReasons: reasons,
      load: {
        ...TEMPLATE.trials[0]!.load,
        model: 'open',
        offeredRps: rateRps,
        achievedRps: rateRps,
        durationS: samplesPerTrial / rateRps,
        scheduled: samplesPerTrial,
        sent: samplesPerTrial,
        completed: samplesPerTrial,
        errors: failed,
        timeouts: 0,
        statusCounts: failed > 0 ? { '200': samplesPerTrial - failed, '503': failed } : { '200': samplesPerTrial },
        versionCounts: { v1: samplesPerTrial },
        latencyHistogram: encodeHistogram(histogram),
        serviceHistogram: null,
        scheduleLagP99Us: lagged ? 9000 : scheduleLagP99Us,
        scheduleLagMaxUs: lagged ? 20_000 : scheduleLagP99Us * 2,
        connectionsOpened: 4,
        aborted: false,
      },
    });
  };
  for (const profile of profiles) {
    for (const rateRps of ratesRps) {
      trial(profile, rateRps, -1, 'baseline', 0, 0, true);
      trial(profile, rateRps, -1, 'mesh', 0, 0, true);
      for (let round = 0; round < rounds; round++) {
        const drift = Math.abs(normal(roundDriftUs));
        for (const { variant, slot } of ABBA) trial(profile, rateRps, round, variant, slot, drift, false);
      }
    }
  }
  const config = BenchConfigSchema.parse({ percentiles: [...percentiles], verdictPercentiles: [...percentiles], bootstrapResamples: 500 });
  const { summary, levels, verdict } = summarizeRun(trials, config, 1);
    const record: ResultRecord = ResultRecordSchema.parse({
    ...TEMPLATE,
    runId: spec.runId ?? `20260101-020000-${scenario}-${(spec.seed >>> 0).toString(16).padStart(4, '0').slice(-4)}`,
    startedAt: spec.startedAt ?? '2026-01-01T02:00:00.000Z',
    finishedAt: '2026-01-01T02:05:00.000Z',
    state: 'completed',
    scenario: { name: scenario, description: 'synthetic', file: `scenarios/${scenario}.ts`, istioYaml: '', definition: {} },
    settings: {
      ...TEMPLATE.settings,
      quick: false,
      profiles: [...profiles],
      rounds,
      trialSeconds: samplesPerTrial / (ratesRps[0] ?? 500),
      warmupSeconds: 1,
      percentiles: [...percentiles],
      verdictPercentiles: [...percentiles],
      confidence: 0.95,
      bootstrapResamples: 500,
      bootstrapSeed: 1,
      maxScheduleLagUs: 5000,
    },
    fidelity: { level: 'full', reason: 'synthetic' },
    environment: spec.environment ?? DEFAULT_ENVIRONMENT,
    profiles: profiles.map((profile) => ({ ...TEMPLATE.profiles[0], profile, kind: profile === 'shared-core' ? 'shared-core' : 'dedicated', fidelity: { level: 'full', reason: 'synthetic' } })),
    probes: profiles.map((profile) => ({ profile, ...NO_PROBES, ...spec.probes?.[profile] })),
    envoy: { ...TEMPLATE.envoy, version: spec.envoyVersion ?? '1.36.4' },
    budgetUs: 2000,
    verdict,
    summary: summary.map(summaryRowRecord),
    levels,
    connectionSetupTax: connectionSetupTaxes(summary),
    checks: [],
    trials,
    cleanup: { failures: [] },
  });
  return record;
}
