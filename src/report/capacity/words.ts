/** Labels shared by the capacity report's forms (terminal, HTML, Markdown, comparison). */
import { moneyText } from '../../capacity/index.js';
import { MAX_DROPPED_SHARE } from '../../stats/index.js';
import { confidenceText, pLabel, rpsText } from '../format.js';
import type { CapacityLevel, CapacityProfile, CapacityReport } from '../../record/schema.js';

export const OUTCOME_TEXT: Record<CapacityLevel['outcome'], string> = {
  pass: 'PASS',
  'over-budget': 'FAIL: over budget',
  uncertain: 'FAIL: not shown within budget',
  errors: 'FAIL: errors',
  invalid: 'STOP: invalid trials',
};

/**
 * What a profile's search found: a capacity; no rate within budget (the node's answer); or no
 * answer at all because the measurement failed first (invalid trials: the load generator, not the
 * node) — three states a buyer must never confuse.
 */
export type CapacityState = 'capacity' | 'none-within-budget' | 'measurement-failed';

type StateInput = Pick<CapacityProfile, 'maxRateWithinBudgetRps' | 'levels'>;

export function capacityState(p: StateInput): CapacityState {
  if (p.maxRateWithinBudgetRps !== null) return 'capacity';
  return lowestOverBudget(p) === undefined && firstInvalid(p) !== undefined ? 'measurement-failed' : 'none-within-budget';
}

/** Levels where the node itself missed the budget (or failed requests): not a failed measurement. */
const NODE_FAILURES: ReadonlySet<CapacityLevel['outcome']> = new Set(['over-budget', 'errors', 'uncertain']);

const lowestOverBudget = (p: Pick<CapacityProfile, 'levels'>): CapacityLevel | undefined =>
  [...p.levels].filter((l) => NODE_FAILURES.has(l.outcome)).sort((a, b) => a.rateRps - b.rateRps)[0];

const firstInvalid = (p: Pick<CapacityProfile, 'levels'>): CapacityLevel | undefined => p.levels.find((l) => l.outcome === 'invalid');

/** Over several profiles: a capacity anywhere is an answer; nothing but failed measurements is none. */
export function overallCapacityState(profiles: readonly StateInput[]): CapacityState {
  const states = profiles.map(capacityState);
  if (states.includes('capacity')) return 'capacity';
  return states.length > 0 && states.every((s) => s === 'measurement-failed') ? 'measurement-failed' : 'none-within-budget';
}

/** `2000 rps`, `at least 8000 rps`, `none within budget`, `not measured (…)`. */
export function capacityText(p: Pick<CapacityProfile, 'maxRateWithinBudgetRps' | 'stop' | 'levels'>): string {
  const state = capacityState(p);
  if (state === 'measurement-failed') return `not measured: the measurement failed at ${rpsText(firstInvalid(p)!.rateRps)}, not the node`;
  if (state === 'none-within-budget') return 'none within budget';
  return `${p.stop === 'max-rps' ? 'at least ' : ''}${rpsText(p.maxRateWithinBudgetRps!)}`;
}

/** The lowest rate the node was shown to miss the budget at; a failed measurement is not that. */
export function firstOverBudgetText(p: Pick<CapacityProfile, 'levels'>): string {
  const over = lowestOverBudget(p);
  if (over !== undefined) return rpsText(over.rateRps);
  const invalid = firstInvalid(p);
  return invalid === undefined ? '—' : `— (measurement failed at ${rpsText(invalid.rateRps)})`;
}

export const kneeText = (p: Pick<CapacityProfile, 'kneeRps'>): string => (p.kneeRps === null ? 'no knee found' : rpsText(p.kneeRps));

/** `0.0118 USD`, or `—` without a price. */
export function perMillionText(cost: CapacityProfile['cost']): string {
  return cost.costPerMillionRequests === null || cost.currency === null ? '—' : moneyText(cost.costPerMillionRequests, cost.currency);
}

/** `5 × c6i.large for 10000 rps`, or `—`. */
export function nodesText(p: CapacityProfile): string {
  const { cost } = p;
  if (cost.nodesNeeded === null || cost.targetRps === null) return '—';
  return `${cost.nodesNeeded} × ${cost.nodeType ?? p.profile} for ${rpsText(cost.targetRps)}`;
}

export function sidecarCpuText(p: CapacityProfile): string {
  return p.sidecar.millicoresPer1000Rps === null ? '—' : `${Math.round(p.sidecar.millicoresPer1000Rps)} millicores`;
}

export function sidecarMemoryText(p: CapacityProfile): string {
  return p.sidecar.rssMiB === null ? '—' : `${p.sidecar.rssMiB.toFixed(0)} MiB`;
}

/** What the search asked of a level, in one line. */
export function criteriaText(capacity: CapacityReport, confidence: number): string {
  const s = capacity.search;
  const budget = capacity.budgetUs >= 1000 ? `${capacity.budgetUs / 1000} ms` : `${capacity.budgetUs} µs`;
  return (
    `A level passes when the ${confidenceText(confidence)} CI of the ${pLabel(s.percentile)} tax lies within the ${budget} budget, at most ${s.maxErrorPct}% of requests fail, and the trials dropped (still invalid after their retries) are at most ${Math.round(MAX_DROPPED_SHARE * 100)}% of the level's and do not lean to one side. ` +
    `Search: from ${rpsText(s.startRps)} × ${s.factor} up to ${rpsText(s.maxRps)}, then ${s.refineSteps} bisection${s.refineSteps === 1 ? '' : 's'}; ${levelRoundsText(s)}.`
  );
}

/** The overview's cost columns: the sidecars', or the proxies' when a search ran on ambient (ztunnels). */
export function proxyHeaders(profiles: readonly Pick<CapacityProfile, 'dataPlane'>[]): [string, string] {
  return profiles.some((p) => p.dataPlane === 'ambient') ? ['Proxy CPU per 1000 rps (sidecars or ztunnels)', 'Proxy memory (each)'] : ['Sidecar CPU per 1000 rps', 'Sidecar memory (each)'];
}

function levelRoundsText(s: CapacityReport['search']): string {
  if (s.looks === undefined || s.looks.length < 2) return `${s.roundsPerLevel} rounds × A B B A × ${s.trialSeconds} s per level`;
  const caps = s.maxLevelSeconds === undefined ? '' : `, or before a look past ${s.maxLevelSeconds} s of the level or ${s.maxSearchSeconds} s of the search`;
  return `rounds of A B B A × ${s.trialSeconds} s per level, looked at after ${s.looks.join(', ')} rounds (each look's interval at ${confidenceText(s.lookConfidence ?? 0)}, Bonferroni over ${s.looks.length} looks); a level stops at the first look that passes or fails it, at ${s.looks[s.looks.length - 1]} rounds${caps}`;
}

const STOP_TEXT: Record<NonNullable<CapacityLevel['stopping']>['reason'], string> = {
  decisive: 'decided',
  'max-duration': 'time cap',
  'max-rounds': 'most rounds',
  interrupted: 'interrupted',
};

/** `PASS (8 rounds, decided)`: the level's result and where its looks stopped. */
export function levelResultText(l: CapacityLevel): string {
  return l.stopping === undefined ? OUTCOME_TEXT[l.outcome] : `${OUTCOME_TEXT[l.outcome]} (${l.stopping.rounds} rounds, ${STOP_TEXT[l.stopping.reason]})`;
}
