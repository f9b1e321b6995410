/** Labels shared by the capacity report's forms (terminal, HTML, Markdown, comparison). */
import { moneyText } from '../../capacity/index.js';
import { confidenceText, pLabel, rpsText } from '../format.js';
import type { CapacityLevel, CapacityProfile, CapacityReport } from '../../record/schema.js';

export const OUTCOME_TEXT: Record<CapacityLevel['outcome'], string> = {
  pass: 'PASS',
  'over-budget': 'FAIL: over budget',
  uncertain: 'FAIL: not shown within budget',
  errors: 'FAIL: errors',
  invalid: 'STOP: invalid trials',
};

/** `2000 rps`, `at least 8000 rps`, `none within budget`. */
export function capacityText(p: Pick<CapacityProfile, 'maxRateWithinBudgetRps' | 'stop'>): string {
  if (p.maxRateWithinBudgetRps === null) return 'none within budget';
  return `${p.stop === 'max-rps' ? 'at least ' : ''}${rpsText(p.maxRateWithinBudgetRps)}`;
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
    `A level passes when the ${confidenceText(confidence)} CI of the ${pLabel(s.percentile)} tax lies within the ${budget} budget, at most ${s.maxErrorPct}% of requests fail and every trial is valid. ` +
    `Search: from ${rpsText(s.startRps)} × ${s.factor} up to ${rpsText(s.maxRps)}, then ${s.refineSteps} bisection${s.refineSteps === 1 ? '' : 's'}; ${s.roundsPerLevel} rounds × A B B A × ${s.trialSeconds} s per level.`
  );
}
