/**
 * A capacity run for report tests: the quick fixture measured at the rates a search would try,
 * with a capacity section as the run builds it (dedicated carries 1500 rps, shared-core 250 rps,
 * priced per node type).
 */
import { capacityCost, compareDataPlanes, kneeOf, overallRecommendation, profileRecommendation, type PricingInput } from '../capacity/index.js';
import type { CapacityLevel, CapacityProfile, CapacityReport, ResultRecord } from '../record/schema.js';
import { multiLevelRecord } from './records.js';

const SEARCH: CapacityReport['search'] = { startRps: 250, maxRps: 8000, factor: 2, refineSteps: 1, roundsPerLevel: 5, trialSeconds: 1, warmupSeconds: 0.5, maxErrorPct: 1, percentile: 99 };
const BUDGET_US = 2000;
export const CAPACITY_PRICING: PricingInput = {
  prices: { 'c6i.large': { perHour: 0.085, currency: 'USD' }, 't3.medium': { perHour: 0.0416, currency: 'USD' } },
  nodeTypes: { dedicated: 'c6i.large', 'shared-core': 't3.medium' },
  targetRps: 10_000,
};

function level(rateRps: number, phase: CapacityLevel['phase'], taxUs: number, outcome: CapacityLevel['outcome'] = taxUs + 300 <= BUDGET_US ? 'pass' : 'over-budget'): CapacityLevel {
  const ciUs: [number, number] = [taxUs - 200, taxUs + 300];
  return {
    rateRps,
    phase,
    baselineAchievedRps: rateRps,
    meshAchievedRps: outcome === 'invalid' ? rateRps * 0.9 : rateRps,
    trialSeconds: Math.max(1, Math.ceil((1000 / rateRps) * 10) / 10),
    baselineUs: 400 + rateRps / 20,
    meshUs: 400 + rateRps / 20 + taxUs,
    taxUs,
    ciUs,
    errorPct: 0,
    validTrials: outcome === 'invalid' ? 18 : 20,
    invalidTrials: outcome === 'invalid' ? 2 : 0,
    valid: outcome !== 'invalid',
    outcome,
    passed: outcome === 'pass',
    reason: outcome === 'invalid' ? '2 trial(s) invalid — load driver fell behind: schedule lag p99 9000 µs > 5000 µs' : `p99 tax CI [+${ciUs[0]} µs, +${ciUs[1]} µs] ${outcome === 'pass' ? 'within' : 'entirely above'} the 2 ms budget`,
  };
}

function profile(name: string, levels: CapacityLevel[], stop: CapacityProfile['stop']): CapacityProfile {
  const passed = levels.filter((l) => l.passed).map((l) => l.rateRps);
  const failed = levels.filter((l) => !l.passed).map((l) => l.rateRps);
  const capacityRps = passed.length > 0 ? Math.max(...passed) : null;
  const figures = {
    profile: name,
    levels,
    maxRateWithinBudgetRps: capacityRps,
    firstFailingRps: failed.length > 0 ? Math.min(...failed) : null,
    stop,
    kneeRps: kneeOf(levels.map((l) => ({ x: l.rateRps, y: l.meshUs ?? Number.NaN }))),
    sidecar: { millicoresPer1000Rps: 420, rssMiB: 38.5, coresAtCapacity: capacityRps === null ? null : 0.42 * (capacityRps / 1000) },
    cost: capacityCost(name, capacityRps, CAPACITY_PRICING),
  };
  return { ...figures, recommendation: profileRecommendation(figures, { budgetUs: BUDGET_US, percentile: 99 }) };
}

export function capacitySection(): CapacityReport {
  const profiles = [
    profile('dedicated', [level(250, 'ramp', 300), level(500, 'ramp', 350), level(1000, 'ramp', 500), level(2000, 'ramp', 4000), level(1500, 'refine', 900)], 'refined'),
    profile('shared-core', [level(250, 'ramp', 1200), level(500, 'ramp', 2600), level(375, 'refine', 2100, 'invalid')], 'refined'),
  ];
  return { search: SEARCH, budgetUs: BUDGET_US, profiles, recommendation: overallRecommendation(profiles, { budgetUs: BUDGET_US, percentile: 99 }) };
}

export function capacityRecord(): ResultRecord {
  const base = multiLevelRecord(['dedicated', 'shared-core'], [250, 375, 500, 1000, 1500, 2000]);
  return { ...base, scenario: { ...base.scenario, name: 'capacity' }, capacity: capacitySection() };
}

/** A `capacity-ambient` run: dedicated searched with sidecars (1500 rps) and with ambient (3000 rps). */
export function capacityBothRecord(): ResultRecord {
  const sidecar = { ...profile('dedicated', [level(250, 'ramp', 300), level(500, 'ramp', 350), level(1000, 'ramp', 500), level(2000, 'ramp', 4000), level(1500, 'refine', 900)], 'refined'), nodeProfile: 'dedicated', dataPlane: 'sidecar' as const };
  const ambientLevels = [level(250, 'ramp', 100), level(500, 'ramp', 120), level(1000, 'ramp', 150), level(2000, 'ramp', 300), level(4000, 'ramp', 3000), level(3000, 'refine', 700)];
  const ambient = { ...profile('dedicated-ambient', ambientLevels, 'refined'), nodeProfile: 'dedicated', dataPlane: 'ambient' as const, sidecar: { millicoresPer1000Rps: 150, rssMiB: 15.2, coresAtCapacity: 0.45 }, cost: capacityCost('dedicated', 3000, CAPACITY_PRICING) };
  const dataPlanes = [compareDataPlanes('dedicated', sidecar, ambient, { budgetUs: BUDGET_US, percentile: 99 })];
  const base = multiLevelRecord(['dedicated', 'dedicated-ambient'], [250, 500, 1000, 1500, 2000, 3000, 4000]);
  const capacity: CapacityReport = { search: SEARCH, budgetUs: BUDGET_US, profiles: [sidecar, ambient], dataPlanes, recommendation: dataPlanes[0]!.recommendation };
  return {
    ...base,
    scenario: { ...base.scenario, name: 'capacity-ambient' },
    profiles: base.profiles.map((p) => (p.profile === 'dedicated-ambient' ? { ...p, dataPlane: 'ambient' as const } : { ...p, dataPlane: 'sidecar' as const })),
    capacity,
  };
}
