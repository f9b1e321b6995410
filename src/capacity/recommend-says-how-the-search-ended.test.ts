import { expect, it } from 'vitest';
import { capacityCost } from './cost.js';
import { firstFailing, overallRecommendation, profileRecommendation, type ProfileCapacity, type TriedLevel } from './recommend.js';

// How a search ended, and which figures were measured, each in its own words (mutation survivors).
const CRITERIA = { budgetUs: 2000, percentile: 99 };
const NO_PRICES = { prices: {}, nodeTypes: {} };
const level = (rateRps: number, outcome: TriedLevel['outcome'], reason = ''): TriedLevel => ({ rateRps, outcome, reason });

function searched(overrides: Partial<ProfileCapacity>): ProfileCapacity {
  return {
    profile: 'dedicated',
    levels: [level(1000, 'pass'), level(2000, 'pass'), level(4000, 'over-budget', 'p99 tax CI [+2.1 ms, +2.6 ms] entirely above the 2 ms budget')],
    maxRateWithinBudgetRps: 2000,
    stop: 'refined',
    kneeRps: null,
    sidecar: { millicoresPer1000Rps: null, rssMiB: null, coresAtCapacity: null },
    cost: capacityCost('dedicated', 2000, NO_PRICES),
    ...overrides,
  };
}

it('the first failing level is the lowest one above the capacity, not one below it', () => {
  const p = searched({ levels: [level(500, 'uncertain'), level(1000, 'pass'), level(8000, 'errors'), level(2000, 'pass'), level(4000, 'over-budget'), level(2000, 'pass')] });
  expect(firstFailing({ ...p, maxRateWithinBudgetRps: 1000 })?.rateRps).toBe(4000);
  expect(firstFailing({ ...p, maxRateWithinBudgetRps: 4000 })?.rateRps).toBe(8000);
  expect(firstFailing({ ...p, maxRateWithinBudgetRps: null })?.rateRps).toBe(500);
  expect(firstFailing({ ...p, levels: [level(1000, 'pass')] })).toBeNull();
});

it('says nothing of sidecars or money that was not measured, in one clean sentence', () => {
  expect(profileRecommendation(searched({}), CRITERIA)).toBe('A dedicated node carries 2000 rps with the p99 tax inside 2 ms; at 4000 rps it does not (p99 tax CI [+2.1 ms, +2.6 ms] entirely above the 2 ms budget).');
  expect(profileRecommendation(searched({ sidecar: { millicoresPer1000Rps: null, rssMiB: 40.6, coresAtCapacity: null } }), CRITERIA)).toMatch(/\)\. The client and server sidecars cost 41 MiB of memory each\.$/);
  expect(profileRecommendation(searched({ sidecar: { millicoresPer1000Rps: 349.6, rssMiB: null, coresAtCapacity: null } }), CRITERIA)).toMatch(/ cost 350 millicores per 1000 rps\.$/);
});

it('money: nodes for a target without a price, the price per request without a target', () => {
  const target = searched({ cost: capacityCost('dedicated', 2000, { ...NO_PRICES, targetRps: 5000 }) });
  expect(profileRecommendation(target, CRITERIA)).toMatch(/\)\. For 5000 rps you need 3 dedicated nodes\.$/);
  const oneNode = searched({ cost: capacityCost('dedicated', 2000, { ...NO_PRICES, targetRps: 1500 }) });
  expect(profileRecommendation(oneNode, CRITERIA)).toMatch(/For 1500 rps you need 1 dedicated node\.$/);
  const priced = searched({ cost: capacityCost('dedicated', 2000, { prices: { dedicated: { perHour: 0.072, currency: 'EUR' } }, nodeTypes: {} }) });
  expect(profileRecommendation(priced, CRITERIA)).toMatch(/\)\. 0\.01 EUR per million requests within budget\.$/);
});

it('says how the search ended: at its top rate, interrupted, or on failing requests', () => {
  expect(profileRecommendation(searched({ stop: 'max-rps', levels: [level(1000, 'pass'), level(2000, 'pass')] }), CRITERIA)).toBe(
    'A dedicated node carries at least 2000 rps with the p99 tax inside 2 ms (the highest rate tried; raise capacity.maxRps to look further).',
  );
  expect(profileRecommendation(searched({ stop: 'interrupted' }), CRITERIA)).toBe('A dedicated node carries 2000 rps with the p99 tax inside 2 ms (the search was interrupted; the capacity may be higher).');
  const erring = searched({ levels: [level(2000, 'pass'), level(4000, 'errors', '3.10% of requests through the mesh failed')] });
  expect(profileRecommendation(erring, CRITERIA)).toBe('A dedicated node carries 2000 rps with the p99 tax inside 2 ms; at 4000 rps requests start failing (3.10% of requests through the mesh failed).');
  expect(profileRecommendation(searched({ levels: [level(2000, 'pass')] }), CRITERIA)).toBe('A dedicated node carries 2000 rps with the p99 tax inside 2 ms.');
  expect(profileRecommendation(searched({ kneeRps: 1500 }), CRITERIA)).toMatch(/inside 2 ms; latency turns up steeply \(the knee\) at 1500 rps; at 4000/);
});

it('without any capacity: interrupted before a level, or failing from the first, interrupted or not', () => {
  expect(profileRecommendation(searched({ maxRateWithinBudgetRps: null, levels: [], stop: 'interrupted' }), CRITERIA)).toBe('The search on dedicated nodes was interrupted before a level was measured.');
  const failing = searched({ maxRateWithinBudgetRps: null, levels: [level(250, 'errors', '5.00% failed')], stop: 'interrupted' });
  expect(profileRecommendation(failing, CRITERIA)).toBe('A dedicated node does not keep the p99 tax inside 2 ms even at 250 rps (the search was interrupted): 5.00% failed.');
  expect(overallRecommendation([], CRITERIA)).toBe('Nothing was measured, so there is no capacity to report.');
});
