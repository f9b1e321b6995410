import { describe, expect, it } from 'vitest';
import { capacityCost, type PricingInput } from './cost.js';
import { firstFailing, overallRecommendation, profileRecommendation, type ProfileCapacity } from './recommend.js';

const CRITERIA = { budgetUs: 2000, percentile: 99 };
const PRICING: PricingInput = {
  prices: { 'c6i.large': { perHour: 0.085, currency: 'USD' }, 't3.medium': { perHour: 0.0416, currency: 'USD' } },
  nodeTypes: { dedicated: 'c6i.large', 'shared-core': 't3.medium' },
  targetRps: 10_000,
};

function profile(name: string, capacityRps: number | null, pricing: PricingInput = PRICING): ProfileCapacity {
  const levels = [
    { rateRps: 250, outcome: capacityRps !== null && capacityRps >= 250 ? ('pass' as const) : ('over-budget' as const), reason: 'p99 tax CI [+2.1 ms, +2.6 ms] entirely above the 2 ms budget' },
    ...(capacityRps !== null && capacityRps >= 250 ? [{ rateRps: capacityRps, outcome: 'pass' as const, reason: 'within' }, { rateRps: capacityRps * 2, outcome: 'uncertain' as const, reason: 'p99 tax CI [+1.5 ms, +2.4 ms] reaches past the 2 ms budget' }] : []),
  ];
  return {
    profile: name,
    levels,
    maxRateWithinBudgetRps: capacityRps,
    stop: capacityRps === null ? 'start-rate' : 'refined',
    kneeRps: capacityRps === null ? null : capacityRps * 0.75,
    sidecar: { millicoresPer1000Rps: 350, rssMiB: 42, coresAtCapacity: capacityRps === null ? null : 0.35 * (capacityRps / 1000) },
    cost: capacityCost(name, capacityRps, pricing),
  };
}

describe('the capacity recommendation in plain words', () => {
  it('says what one node carries, the knee, what failed above it, the sidecar cost and the money', () => {
    const text = profileRecommendation(profile('dedicated', 2000), CRITERIA);
    expect(text).toBe(
      'A dedicated node carries 2000 rps with the p99 tax inside 2 ms; latency turns up steeply (the knee) at 1500 rps; at 4000 rps it does not (p99 tax CI [+1.5 ms, +2.4 ms] reaches past the 2 ms budget). ' +
        'The client and server sidecars cost 350 millicores per 1000 rps (0.70 cores at capacity) and 42 MiB of memory each. ' +
        'For 10000 rps you need 5 c6i.large nodes (0.425 USD per hour); 0.0118 USD per million requests within budget.',
    );
  });

  it('says plainly when no rate is within budget', () => {
    expect(profileRecommendation(profile('shared-core', null), CRITERIA)).toMatch(/^A shared-core node does not keep the p99 tax inside 2 ms even at 250 rps: p99 tax CI .* entirely above/);
  });

  it('a load generator that gave out is not the system’s limit: it says the capacity may be higher', () => {
    const p = { ...profile('dedicated', 2000), levels: [{ rateRps: 2000, outcome: 'pass' as const, reason: '' }, { rateRps: 4000, outcome: 'invalid' as const, reason: '4 trial(s) invalid — load driver fell behind' }] };
    expect(firstFailing(p)?.rateRps).toBe(4000);
    expect(profileRecommendation(p, CRITERIA)).toMatch(/at 4000 rps the measurement itself gave out, so the true capacity may be higher \(run the load from another machine to know\): 4 trial\(s\) invalid — load driver fell behind\./);
  });

  it('when the measurement gave out at the first rate, it says no capacity can be stated — not that the mesh does not fit', () => {
    const gaveOut = { ...profile('dedicated', null), levels: [{ rateRps: 250, outcome: 'invalid' as const, reason: '3 trial(s) invalid — load driver fell behind' }] };
    expect(profileRecommendation(gaveOut, CRITERIA)).toMatch(/^On dedicated nodes the measurement itself gave out already at 250 rps: 3 trial\(s\) invalid — load driver fell behind\. No capacity can be stated;/);
    expect(overallRecommendation([gaveOut, { ...gaveOut, profile: 'shared-core' }], CRITERIA)).toMatch(/^No capacity could be measured: /);
    expect(overallRecommendation([profile('shared-core', 500), gaveOut], CRITERIA)).toMatch(/; dedicated could not be measured \(the measurement gave out at 250 rps\)\.$/);
    expect(overallRecommendation([profile('shared-core', null), gaveOut], CRITERIA)).toMatch(/^No node profile was shown to keep .* \(on dedicated the measurement itself gave out\): the mesh does not fit/);
    const undecided = { ...profile('shared-core', null), levels: [{ rateRps: 250, outcome: 'uncertain' as const, reason: 'p99 tax CI [+1.2 ms, +2.9 ms] reaches past the 2 ms budget' }] };
    expect(profileRecommendation(undecided, CRITERIA)).toMatch(/^A shared-core node is not shown to keep the p99 tax inside 2 ms even at 250 rps: /);
    expect(overallRecommendation([undecided, gaveOut], CRITERIA)).toMatch(/: the intervals reach past the budget without being above it — more rounds per level/);
  });

  it('without prices it gives capacity and sidecar cost, no money', () => {
    const text = profileRecommendation(profile('dedicated', 2000, { prices: {}, nodeTypes: {} }), CRITERIA);
    expect(text).not.toMatch(/USD|per million/);
    expect(text).toMatch(/350 millicores/);
  });

  it('across profiles: buys the cheapest per million requests within budget', () => {
    const text = overallRecommendation([profile('dedicated', 2000), profile('shared-core', 500)], CRITERIA);
    expect(text).toBe('Buy dedicated: one node carries 2000 rps with the p99 tax inside 2 ms at 0.0118 USD per million requests; shared-core only 500 rps at 0.0231 USD per million requests, 20 nodes against 5 for 10000 rps.');
  });

  it('across profiles without prices: the most capacity; and nothing within budget anywhere', () => {
    const unpriced = { prices: {}, nodeTypes: {} };
    expect(overallRecommendation([profile('shared-core', 500, unpriced), profile('dedicated', 2000, unpriced)], CRITERIA)).toMatch(/^Buy dedicated: one node carries 2000 rps .*; shared-core only 500 rps\.$/);
    expect(overallRecommendation([profile('dedicated', 2000), profile('shared-core', null)], CRITERIA)).toMatch(/shared-core does not stay within budget even at 250 rps\.$/);
    expect(overallRecommendation([profile('dedicated', null), profile('shared-core', null)], CRITERIA)).toMatch(/^No node profile was shown to keep the p99 tax inside 2 ms.*: the mesh does not fit this budget/);
    expect(overallRecommendation([profile('dedicated', null)], CRITERIA)).toMatch(/^A dedicated node does not keep/);
  });
});
