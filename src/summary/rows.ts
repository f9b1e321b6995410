/**
 * From measured trials to the summary rows of the record: per (profile, load level), the
 * per-round percentiles go through stats; what stats cannot know (samples per trial, invalid
 * trials' reasons, achieved rates) is added here.
 */
import { median } from 'simple-statistics';
import type { BenchConfig } from '../config/index.js';
import type { ConnectionSetupTax, LevelSummary, SummaryRowRecord, TrialRecord } from '../record/index.js';
import { decodeHistogram, overallVerdict, percentilesOf, summarize, type SummaryRow, type TrialSample, type Verdict } from '../stats/index.js';

export type RunSummaryRow = SummaryRow & { readonly profile: string; readonly rateRps: number; readonly newConnectionEvery: number };

export interface RunSummary {
  readonly summary: RunSummaryRow[];
  readonly levels: LevelSummary[];
  readonly verdict: Verdict;
}

/** A percentile needs about 10 samples beyond it in each trial to be more than the extreme value. */
export function minSamplesFor(percentile: number): number {
  return Math.ceil(10 / (1 - percentile / 100));
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
  const samples: TrialSample[] = group.map((t) => ({
    round: t.round,
    variant: t.variant,
    slot: t.slot,
    valid: t.valid,
    percentilesUs: t.valid ? percentilesOf(decodeHistogram(t.load.latencyHistogram), config.percentiles) : {},
  }));
  const rows = summarize({ samples, percentiles: config.percentiles, budgetUs: config.budgetUs, confidence: config.confidence, resamples: config.bootstrapResamples, seed });
  const fewestSamples = Math.min(...group.filter((t) => t.valid).map((t) => t.load.completed));
  const closedLoop = group.some((t) => t.load.model === 'closed');
  return rows.map((row) => {
    const flags = fewestSamples < minSamplesFor(row.percentile) ? [...row.flags, `too-few-samples:${fewestSamples}<${minSamplesFor(row.percentile)}`] : row.flags;
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
