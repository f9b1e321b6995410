/**
 * The capacity section of the record: per profile the levels the search tried, the capacity, the
 * knee, what the sidecars cost and what that means in nodes and money, in figures and in words.
 */
import { capacityCost, compareDataPlanes, dataPlanePairs, kneeOf, levelTiming, overallRecommendation, profileRecommendation, sidecarCoresAt, type Criteria, type PricingInput, type ProfileCapacity, type SearchStop } from '../capacity/index.js';
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

/** A search's profile as the run's passes name it: a node profile on one data plane (ResolvedRun.passes). */
export interface CapacityPass {
  readonly label: string;
  readonly profile: string;
  readonly dataPlane: 'sidecar' | 'ambient';
}

/**
 * `passes` matter for a scenario that chose its data plane (`dataPlane` set): each search is then
 * named by its node profile and data plane, priced as its node profile, and with both data planes
 * the two searches of a node profile are put side by side.
 */
/** How the run's levels looked at their rounds (src/run/capacity-search.ts). */
export interface CapacityLooks {
  readonly looks: readonly number[];
  readonly lookConfidence: number;
  readonly rule: string;
}

export function buildCapacityReport(traces: readonly CapacityTrace[], search: CapacitySearch, config: BenchConfig, probes: readonly ProfileProbeSummary[], passes: readonly CapacityPass[] = [], looks?: CapacityLooks): CapacityReport {
  const criteria = { budgetUs: config.budgetUs, percentile: search.percentile };
  const pricing: PricingInput = { prices: config.prices, nodeType: config.capacity.nodeType, nodeTypes: config.capacity.nodeTypes, targetRps: config.capacity.targetRps };
  const profiles = traces.map((trace) => {
    const figures = profileFigures(trace, probes.find((p) => p.profile === trace.profile), pricing, passes.find((p) => p.label === trace.profile));
    return { ...figures, recommendation: profileRecommendation(figures, criteria) };
  });
  const looked = looks ? { looks: [...looks.looks], lookConfidence: looks.lookConfidence, rule: looks.rule } : {};
  const dataPlanes = dataPlanePairs(profiles).map((pair) => compareDataPlanes(pair.profile, pair.sidecar, pair.ambient, criteria));
  return {
    search: { ...search, minRequestsPerTrial: levelTiming(search).minRequestsPerTrial, ...looked },
    budgetUs: config.budgetUs,
    profiles,
    ...(dataPlanes.length > 0 ? { dataPlanes } : {}),
    recommendation: dataPlanes.length > 0 ? dataPlaneRecommendation(profiles, dataPlanes.map((d) => d.recommendation), criteria) : overallRecommendation(profiles, criteria),
  };
}

/** Sidecars or ambient per node profile; with several node profiles, which to buy for each data plane. */
function dataPlaneRecommendation(profiles: readonly ProfileCapacity[], comparisons: readonly string[], criteria: Criteria): string {
  const nodeProfiles = new Set(profiles.map((p) => p.nodeProfile ?? p.profile));
  if (nodeProfiles.size < 2) return comparisons.join(' ');
  const buy = (plane: 'sidecar' | 'ambient') => overallRecommendation(profiles.filter((p) => p.dataPlane === plane), criteria);
  return [...comparisons, `With sidecars: ${buy('sidecar')}`, `With ambient: ${buy('ambient')}`].join(' ');
}

function profileFigures(trace: CapacityTrace, probes: ProfileProbeSummary | undefined, pricing: PricingInput, pass: CapacityPass | undefined): Omit<CapacityProfile, 'recommendation'> {
  const capacityRps = trace.lastPassRps;
  const millicores = probes?.sidecarMillicoresPer1000Rps ?? null;
  const coresAtCapacity = sidecarCoresAt(millicores, capacityRps);
  const nodeProfile = pass?.profile ?? trace.profile;
  return {
    profile: trace.profile,
    ...(pass ? { nodeProfile, dataPlane: pass.dataPlane } : {}),
    levels: [...trace.levels],
    maxRateWithinBudgetRps: capacityRps,
    firstFailingRps: trace.firstFailRps,
    stop: trace.stop,
    kneeRps: kneeOf(trace.levels.flatMap((l) => (l.meshUs === null ? [] : [{ x: l.rateRps, y: l.meshUs }]))),
    sidecar: { millicoresPer1000Rps: millicores, rssMiB: probes?.sidecarRssMiB ?? null, coresAtCapacity: coresAtCapacity === null ? null : Number(coresAtCapacity.toFixed(3)) },
    cost: capacityCost(nodeProfile, capacityRps, pricing),
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
