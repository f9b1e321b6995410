/**
 * The capacity section of the record: per profile the levels the search tried, the capacity, the
 * knee, what the sidecars cost and what that means in nodes and money, in figures and in words.
 */
import { capacityCost, kneeOf, levelTiming, overallRecommendation, profileRecommendation, sidecarCoresAt, type PricingInput, type SearchStop } from '../capacity/index.js';
import type { BenchConfig, CapacitySearch } from '../config/index.js';
import type { CapacityLevel, CapacityProfile, CapacityReport, ProfileProbeSummary } from '../record/index.js';
import { overallVerdict, type Verdict } from '../stats/index.js';

/** The search on one profile as it went: levels measured so far and how it ended. */
export interface CapacityTrace {
  readonly profile: string;
  readonly levels: CapacityLevel[];
  /** `interrupted` until the search ends by itself. */
  stop: SearchStop;
  lastPassRps: number | null;
  firstFailRps: number | null;
}

/** How the run's levels looked at their rounds (src/run/capacity-search.ts). */
export interface CapacityLooks {
  readonly looks: readonly number[];
  readonly lookConfidence: number;
  readonly rule: string;
}

export function buildCapacityReport(traces: readonly CapacityTrace[], search: CapacitySearch, config: BenchConfig, probes: readonly ProfileProbeSummary[], looks?: CapacityLooks): CapacityReport {
  const criteria = { budgetUs: config.budgetUs, percentile: search.percentile };
  const pricing: PricingInput = { prices: config.prices, nodeType: config.capacity.nodeType, nodeTypes: config.capacity.nodeTypes, targetRps: config.capacity.targetRps };
  const profiles = traces.map((trace) => {
    const figures = profileFigures(trace, probes.find((p) => p.profile === trace.profile), pricing);
    return { ...figures, recommendation: profileRecommendation(figures, criteria) };
  });
  const looked = looks ? { looks: [...looks.looks], lookConfidence: looks.lookConfidence, rule: looks.rule } : {};
  return { search: { ...search, minRequestsPerTrial: levelTiming(search).minRequestsPerTrial, ...looked }, budgetUs: config.budgetUs, profiles, recommendation: overallRecommendation(profiles, criteria) };
}

function profileFigures(trace: CapacityTrace, probes: ProfileProbeSummary | undefined, pricing: PricingInput): Omit<CapacityProfile, 'recommendation'> {
  const capacityRps = trace.lastPassRps;
  const millicores = probes?.sidecarMillicoresPer1000Rps ?? null;
  const coresAtCapacity = sidecarCoresAt(millicores, capacityRps);
  return {
    profile: trace.profile,
    levels: [...trace.levels],
    maxRateWithinBudgetRps: capacityRps,
    firstFailingRps: trace.firstFailRps,
    stop: trace.stop,
    kneeRps: kneeOf(trace.levels.flatMap((l) => (l.meshUs === null ? [] : [{ x: l.rateRps, y: l.meshUs }]))),
    sidecar: { millicoresPer1000Rps: millicores, rssMiB: probes?.sidecarRssMiB ?? null, coresAtCapacity: coresAtCapacity === null ? null : Number(coresAtCapacity.toFixed(3)) },
    cost: capacityCost(trace.profile, capacityRps, pricing),
  };
}

interface VerdictRow {
  readonly profile: string;
  readonly rateRps: number;
  readonly percentile: number;
  readonly verdict: Verdict;
}

/**
 * A capacity run goes past the budget on purpose, so its verdict is the one at the capacity found:
 * the rows of each profile's highest passing level; for a profile with none, all its levels.
 */
export function capacityVerdict(summary: readonly VerdictRow[], capacity: CapacityReport, config: BenchConfig): Verdict {
  const counted = capacity.profiles.flatMap((p) =>
    summary.filter((r) => r.profile === p.profile && config.verdictPercentiles.includes(r.percentile) && (p.maxRateWithinBudgetRps === null || r.rateRps === p.maxRateWithinBudgetRps)),
  );
  return overallVerdict(counted, { inconclusiveFails: config.inconclusiveFails });
}
