/**
 * From measured trials to the summary rows of the record: per (profile, load level), the
 * per-round percentiles go through stats; what stats cannot know (samples per trial, invalid
 * trials' reasons, achieved rates) is added here.
 */
import { median } from 'simple-statistics';
import type { BenchConfig } from '../config/index.js';
import type { ConnectionSetupTax, LevelSummary, SummaryRowRecord, TrialRecord } from '../record/index.js';
import { decodeHistogram, minSamplesFor, overallVerdict, spectrumOf, summarize, type SummaryRow, type TrialSpectrum, type Verdict } from '../stats/index.js';

export type RunSummaryRow = SummaryRow & { readonly profile: string; readonly rateRps: number; readonly newConnectionEvery: number };

export interface RunSummary {
  readonly summary: RunSummaryRow[];
  readonly levels: LevelSummary[];
  readonly verdict: Verdict;
}

export { minSamplesFor };

/** Where a failed request counts, µs: at the client's default timeout (5 s), above every answer. */
export const FAILED_REQUEST_US = 5_000_000;

/** The kind of invalid reason `judgeTrial` gives when requests failed (src/load/validity.ts). */
const REQUESTS_FAILED = 'requests failed';

/**
 * A mesh trial dropped only because its requests failed is not dropped: failed requests are what
 * the mesh costs. It counts, with each failure at FAILED_REQUEST_US. A baseline trial with
 * failures stays dropped (the reference was broken; that says nothing about the mesh).
 */
export function countsDespiteFailures(t: Pick<TrialRecord, 'variant' | 'valid' | 'invalidReasons' | 'load'>): boolean {
  return t.valid || (t.variant === 'mesh' && t.load.completed > 0 && t.invalidReasons.length > 0 && t.invalidReasons.every((r) => r.startsWith(REQUESTS_FAILED)));
}

/** A trial as the merged-histogram statistic sees it. */
export function trialSpectrum(t: TrialRecord): TrialSpectrum {
  const counted = countsDespiteFailures(t);
  // Timed-out requests are already in the histogram at about the timeout; other failures go there too (mesh only).
  const failed = t.variant === 'mesh' ? { requests: Math.max(0, t.load.errors - t.load.timeouts), atUs: FAILED_REQUEST_US } : undefined;
  return { round: t.round, variant: t.variant, slot: t.slot, valid: counted, latency: counted ? spectrumOf(decodeHistogram(t.load.latencyHistogram), failed) : null };
}

const levelKey = (t: Pick<TrialRecord, 'profile' | 'rateRps' | 'newConnectionEvery'>) => `${t.profile}\u0000${t.rateRps}\u0000${t.newConnectionEvery}`;

export function summarizeRun(trials: readonly TrialRecord[], config: BenchConfig, seed: number): RunSummary {
  const measured = trials.filter((t) => !t.warmup);
  const groups = new Map<string, TrialRecord[]>();
  for (const t of measured) groups.set(levelKey(t), [...(groups.get(levelKey(t)) ?? []), t]);
  const summary: RunSummaryRow[] = [];
  const levels: LevelSummary[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    summary.push(...levelRows(group, config, seed).map((row) => ({ ...row, profile: first.profile, rateRps: first.rateRps, newConnectionEvery: first.newConnectionEvery })));
    levels.push(levelSummary(group));
  }
  const counted = summary.filter((r) => config.verdictPercentiles.includes(r.percentile));
  return { summary, levels, verdict: overallVerdict(counted, { inconclusiveFails: config.inconclusiveFails }) };
}

function levelRows(group: readonly TrialRecord[], config: BenchConfig, seed: number) {
  const rows = summarize({ trials: group.map(trialSpectrum), percentiles: config.percentiles, budgetUs: config.budgetUs, confidence: config.confidence, resamples: config.bootstrapResamples, seed });
  const failedMesh = group.filter((t) => t.variant === 'mesh' && !t.valid && countsDespiteFailures(t)).length;
  const closedLoop = group.some((t) => t.load.model === 'closed');
  return rows.map((row) => {
    const flags = failedMesh > 0 ? [...row.flags, `mesh-requests-failed:${failedMesh}`] : row.flags;
    // A closed loop slows down with the server and hides its tail: a ceiling, never a tax verdict.
    return closedLoop ? { ...row, verdict: 'INCONCLUSIVE' as const, flags: [...flags, 'closed-loop'] } : { ...row, flags };
  });
}

function levelSummary(group: readonly TrialRecord[]): LevelSummary {
  const valid = group.filter((t) => t.valid);
  const achieved = (variant: string) => {
    const rates = valid.filter((t) => t.variant === variant).map((t) => t.load.achievedRps);
    return rates.length > 0 ? median(rates) : 0;
  };
  const first = group[0]!;
  return {
    profile: first.profile,
    rateRps: first.rateRps,
    newConnectionEvery: first.newConnectionEvery,
    offeredRps: first.load.offeredRps,
    baselineAchievedRps: achieved('baseline'),
    meshAchievedRps: achieved('mesh'),
    validTrials: valid.length,
    invalidTrials: group.length - valid.length,
    invalidReasons: groupReasons(group.flatMap((t) => t.invalidReasons)),
  };
}

/** JSON has no Infinity or NaN: an unknown figure is null in the record. */
export const finiteOrNull = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);

/** A stats row as the record stores it: unknown figures (no rounds, too few for a CI) become null. */
export function summaryRowRecord(row: RunSummaryRow): SummaryRowRecord {
  return {
    ...row,
    baselineUs: finiteOrNull(row.baselineUs),
    meshUs: finiteOrNull(row.meshUs),
    taxUs: finiteOrNull(row.taxUs),
    ciUs: [finiteOrNull(row.ciUs[0]), finiteOrNull(row.ciUs[1])],
    noiseFloorUs: finiteOrNull(row.noiseFloorUs),
  };
}

/** Per churn level: its tax minus the keep-alive tax at the same profile, rate and percentile. */
export function connectionSetupTaxes(rows: readonly RunSummaryRow[]): ConnectionSetupTax[] {
  return rows
    .filter((r) => r.newConnectionEvery > 0)
    .flatMap((churn) => {
      const keep = rows.find((r) => r.newConnectionEvery === 0 && r.profile === churn.profile && r.rateRps === churn.rateRps && r.percentile === churn.percentile);
      if (!keep) return [];
      return [
        {
          profile: churn.profile,
          rateRps: churn.rateRps,
          newConnectionEvery: churn.newConnectionEvery,
          percentile: churn.percentile,
          extraTaxUs: finiteOrNull(churn.taxUs - keep.taxUs),
          ciUs: [finiteOrNull(churn.ciUs[0] - keep.ciUs[1]), finiteOrNull(churn.ciUs[1] - keep.ciUs[0])] as [number | null, number | null],
        },
      ];
    });
}

/** "load driver fell behind: …" ×12 becomes one line with the count and the first detail. */
export function groupReasons(reasons: readonly string[]): string[] {
  const byKind = new Map<string, string[]>();
  for (const reason of reasons) {
    const kind = reason.split(':')[0] ?? reason;
    byKind.set(kind, [...(byKind.get(kind) ?? []), reason]);
  }
  return [...byKind.entries()].map(([kind, all]) => (all.length === 1 ? all[0]! : `${kind} in ${all.length} trials (first: ${all[0]!.slice(kind.length + 2)})`));
}
