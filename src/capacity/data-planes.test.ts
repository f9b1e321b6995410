import { describe, expect, it } from 'vitest';
import { capacityCost, type PricingInput } from './cost.js';
import { capacityBracket, capacityReading, compareDataPlanes, dataPlanePairs } from './data-planes.js';
import type { ProfileCapacity, TriedLevel } from './recommend.js';

const CRITERIA = { budgetUs: 2000, percentile: 99 };
const PRICING: PricingInput = { prices: { 'c6i.large': { perHour: 0.085, currency: 'USD' } }, nodeTypes: { dedicated: 'c6i.large' }, targetRps: 10_000 };

const pass = (rateRps: number): TriedLevel => ({ rateRps, outcome: 'pass', reason: 'within' });
const over = (rateRps: number): TriedLevel => ({ rateRps, outcome: 'over-budget', reason: `p99 tax CI [+2.1 ms, +2.9 ms] entirely above the 2 ms budget at ${rateRps}` });
const invalid = (rateRps: number): TriedLevel => ({ rateRps, outcome: 'invalid', reason: 'the load generator fell behind' });

function search(dataPlane: 'sidecar' | 'ambient', levels: TriedLevel[], millicores: number, rssMiB: number): ProfileCapacity {
  const passed = levels.filter((l) => l.outcome === 'pass').map((l) => l.rateRps);
  const capacityRps = passed.length > 0 ? Math.max(...passed) : null;
  return {
    profile: dataPlane === 'ambient' ? 'dedicated-ambient' : 'dedicated',
    nodeProfile: 'dedicated',
    dataPlane,
    levels,
    maxRateWithinBudgetRps: capacityRps,
    stop: capacityRps === null ? 'start-rate' : 'refined',
    kneeRps: null,
    sidecar: { millicoresPer1000Rps: millicores, rssMiB, coresAtCapacity: capacityRps === null ? null : (millicores / 1000) * (capacityRps / 1000) },
    cost: capacityCost('dedicated', capacityRps, PRICING),
  };
}

describe('sidecars or ambient: two capacity searches on one node profile', () => {
  it('places each capacity between the highest pass and the lowest rate the node failed', () => {
    expect(capacityBracket(search('sidecar', [pass(250), pass(500), over(1000), pass(750)], 700, 60))).toEqual([750, 1000]);
    expect(capacityBracket(search('sidecar', [pass(250), pass(500)], 700, 60))).toEqual([500, Infinity]);
    expect(capacityBracket(search('sidecar', [over(250)], 700, 60))).toEqual([0, 250]);
  });

  it('a level whose measurement gave out bounds nothing', () => {
    expect(capacityBracket(search('ambient', [pass(250), pass(500), invalid(1000), pass(750)], 300, 15))).toEqual([750, Infinity]);
  });

  it('says ambient carries more only when its capacity is at or above a rate the sidecars failed', () => {
    const sidecar = search('sidecar', [pass(250), pass(500), over(1000), pass(750)], 700, 60);
    expect(capacityReading(sidecar, search('ambient', [pass(250), pass(500), pass(1000), over(2000), pass(1500)], 300, 15))).toBe('ambient-more');
    expect(capacityReading(sidecar, search('ambient', [pass(250), pass(500), over(1000), over(750)], 300, 15))).toBe('sidecar-more');
    // 750 and 875 both below the same failing 1000: the search cannot tell them apart
    expect(capacityReading(sidecar, search('ambient', [pass(250), pass(500), over(1000), pass(750), pass(875)], 300, 15))).toBe('cannot-tell');
    expect(capacityReading(search('sidecar', [over(250)], 700, 60), search('ambient', [over(250)], 300, 15))).toBe('none-within-budget');
  });

  it('an ambient search cut short by the load generator is not "more" than the sidecars’', () => {
    const sidecar = search('sidecar', [pass(250), pass(500), over(1000), pass(750)], 700, 60);
    expect(capacityReading(sidecar, search('ambient', [pass(250), pass(500), invalid(1000), over(750)], 300, 15))).toBe('sidecar-more');
    expect(capacityReading(sidecar, search('ambient', [pass(250), pass(500), invalid(1000), pass(750)], 300, 15))).toBe('cannot-tell');
  });

  it('puts capacities, proxy CPU (= CPU-seconds per million requests), memory, nodes and money side by side', () => {
    const sidecar = search('sidecar', [pass(250), pass(500), over(1000), pass(750)], 800, 60);
    const ambient = search('ambient', [pass(250), pass(500), pass(1000), over(2000), pass(1500)], 300, 15);
    const compared = compareDataPlanes('dedicated', sidecar, ambient, CRITERIA);
    expect(compared).toMatchObject({ profile: 'dedicated', sidecar: 'dedicated', ambient: 'dedicated-ambient', reading: 'ambient-more', capacityRatio: 2 });
    expect(compared.recommendation).toContain('On dedicated nodes with the p99 tax inside 2 ms, ambient (ztunnels) carries 1500 rps and sidecars 750 rps: ambient carries more — sidecars failed at 1000 rps');
    expect(compared.recommendation).toContain('CPU-seconds per million requests): 300 with ambient against 800 with sidecars');
    expect(compared.recommendation).toContain('memory per proxy: 15 MiB with ambient against 60 MiB with sidecars');
    expect(compared.recommendation).toContain('0.45 cores with ambient against 0.60 cores with sidecars');
    // 10000 rps: ceil(10000/1500) = 7 against ceil(10000/750) = 14 nodes; 0.085 USD/h ÷ (rps × 3600) × 10⁶
    expect(compared.recommendation).toContain('For 10000 rps, c6i.large nodes: 7 with ambient against 14 with sidecars');
    expect(compared.recommendation).toContain('per million requests within budget: 0.0157 USD with ambient against 0.0315 USD with sidecars');
  });

  it('says when the searches cannot tell the two apart, with each one’s range', () => {
    const sidecar = search('sidecar', [pass(250), pass(500), over(1000), pass(750)], 700, 60);
    const ambient = search('ambient', [pass(250), pass(500), over(1000), pass(750), pass(875)], 300, 15);
    expect(compareDataPlanes('dedicated', sidecar, ambient, CRITERIA).recommendation).toContain(
      'the searches cannot tell the two apart (between 750 rps and 1000 rps with sidecars, between 875 rps and 1000 rps with ambient)',
    );
  });

  it('pairs the two searches of each node profile and leaves a lone one alone', () => {
    const sidecar = search('sidecar', [pass(250)], 700, 60);
    const ambient = search('ambient', [pass(250)], 300, 15);
    const lone = { ...search('sidecar', [pass(250)], 700, 60), profile: 'shared-core', nodeProfile: 'shared-core' };
    expect(dataPlanePairs([sidecar, lone, ambient])).toEqual([{ profile: 'dedicated', sidecar, ambient }]);
    const { dataPlane: _unnamed, ...unnamed } = sidecar;
    expect(dataPlanePairs([unnamed, ambient])).toEqual([]);
  });

  it('lists the pairs in the order of their searches; a profile of no data plane does not move them', () => {
    const at = (p: ProfileCapacity, node: string): ProfileCapacity => ({ ...p, profile: `${node}-${p.dataPlane}`, nodeProfile: node });
    const [sidecar, ambient] = [search('sidecar', [pass(250)], 700, 60), search('ambient', [pass(250)], 300, 15)];
    const { dataPlane: _unnamed, ...lone } = at(sidecar, 'shared-core');
    const pairs = dataPlanePairs([lone, at(sidecar, 'dedicated'), at(ambient, 'dedicated'), at(sidecar, 'shared-core'), at(ambient, 'shared-core')]);
    expect(pairs.map((p) => [p.profile, p.sidecar.profile, p.ambient.profile])).toEqual([
      ['dedicated', 'dedicated-sidecar', 'dedicated-ambient'],
      ['shared-core', 'shared-core-sidecar', 'shared-core-ambient'],
    ]);
  });
});

const NO_COST: PricingInput = { prices: {}, nodeTypes: {} };
const unpriced = (p: ProfileCapacity): ProfileCapacity => ({ ...p, cost: capacityCost('dedicated', p.maxRateWithinBudgetRps, NO_COST) });
const unprobed = (p: ProfileCapacity): ProfileCapacity => ({ ...p, sidecar: { millicoresPer1000Rps: null, rssMiB: null, coresAtCapacity: null } });

describe('sidecars or ambient: the edges of the reading and of the words', () => {
  it('one data plane within budget and the other not: the one that passed carries more, not "neither"', () => {
    const none = search('sidecar', [over(250)], 700, 60);
    const some = search('ambient', [pass(250), over(500)], 300, 15);
    expect(capacityReading(none, some)).toBe('ambient-more');
    expect(capacityReading({ ...some, dataPlane: 'sidecar' }, { ...none, dataPlane: 'ambient' })).toBe('sidecar-more');
  });

  it('a capacity at exactly the rate the other failed is more (the brackets touch, they do not overlap)', () => {
    const sidecar = search('sidecar', [pass(250), pass(500), over(1000), pass(750)], 700, 60);
    expect(capacityReading(sidecar, search('ambient', [pass(250), pass(500), pass(1000), over(2000), over(1500)], 300, 15))).toBe('ambient-more');
  });

  it('gives the capacity ratio only when both have a capacity', () => {
    const sidecar = search('sidecar', [over(250)], 700, 60);
    const ambient = search('ambient', [pass(250), over(500)], 300, 15);
    expect(compareDataPlanes('dedicated', sidecar, ambient, CRITERIA).capacityRatio).toBeNull();
    expect(compareDataPlanes('dedicated', ambient, sidecar, CRITERIA).capacityRatio).toBeNull();
    // a capacity of 0 rps (nothing carried) divides nothing
    expect(compareDataPlanes('dedicated', { ...ambient, maxRateWithinBudgetRps: 0 }, ambient, CRITERIA).capacityRatio).toBeNull();
  });

  it('neither within budget: one sentence that says so, without empty cost sentences', () => {
    // priced, with a target rate: no nodes or money without a capacity
    const compared = compareDataPlanes('dedicated', unprobed(search('sidecar', [over(250)], 700, 60)), unprobed(search('ambient', [over(250)], 300, 15)), CRITERIA);
    expect(compared.recommendation).toBe('On dedicated nodes neither data plane was shown to keep the p99 tax inside 2 ms at the rates tried.');
  });

  it('sidecars carry more: the ambient failure is named, and a search that reached maxRps says "at least"', () => {
    const sidecar = unprobed(unpriced({ ...search('sidecar', [pass(250), pass(500), pass(1000)], 700, 60), stop: 'max-rps' }));
    const ambient = unprobed(unpriced(search('ambient', [pass(250), over(500)], 300, 15)));
    expect(compareDataPlanes('dedicated', sidecar, ambient, CRITERIA).recommendation).toBe(
      'On dedicated nodes with the p99 tax inside 2 ms, ambient (ztunnels) carries 250 rps and sidecars at least 1000 rps: sidecars carry more — ambient failed at 500 rps (p99 tax CI [+2.1 ms, +2.9 ms] entirely above the 2 ms budget at 500), at or below the 1000 rps the other passed.',
    );
  });

  it('a data plane with no rate within budget is said so, and an open or empty bracket in words', () => {
    const sidecar = unprobed(unpriced(search('sidecar', [over(1000)], 700, 60)));
    const ambient = unprobed(unpriced(search('ambient', [pass(250), pass(500)], 300, 15)));
    expect(capacityReading(sidecar, ambient)).toBe('cannot-tell');
    expect(compareDataPlanes('dedicated', sidecar, ambient, CRITERIA).recommendation).toBe(
      'On dedicated nodes with the p99 tax inside 2 ms, ambient (ztunnels) carries 500 rps and sidecars none of the rates tried; the searches cannot tell the two apart (below 1000 rps with sidecars, at least 500 rps with ambient).',
    );
  });

  it('the proxies\' cost: a figure measured on one side only is "not measured" on the other; none at all, no sentence', () => {
    const sidecar = unpriced({ ...search('sidecar', [pass(250), over(500)], 700, 60), sidecar: { millicoresPer1000Rps: 700, rssMiB: null, coresAtCapacity: null } });
    const ambient = unpriced({ ...search('ambient', [pass(250), over(500)], 300, 15), sidecar: { millicoresPer1000Rps: null, rssMiB: 15, coresAtCapacity: null } });
    const text = compareDataPlanes('dedicated', sidecar, ambient, CRITERIA).recommendation;
    expect(text).toMatch(
      / The proxies' cost, CPU per 1000 rps \(millicores, = CPU-seconds per million requests\): not measured with ambient against 700 with sidecars; memory per proxy: 15 MiB with ambient against not measured with sidecars\.$/,
    );
    expect(compareDataPlanes('dedicated', unprobed(sidecar), unprobed(ambient), CRITERIA).recommendation).toMatch(/the searches cannot tell the two apart \(between 250 rps and 500 rps with sidecars, between 250 rps and 500 rps with ambient\)\.$/);
  });

  it('nodes and money: one sentence of both, each from whichever side is priced, nothing when neither is', () => {
    const sidecar = unprobed(search('sidecar', [pass(250), pass(500), over(1000), pass(750)], 700, 60));
    const ambient = unprobed(search('ambient', [pass(250), pass(500), pass(1000), over(2000), pass(1500)], 300, 15));
    expect(compareDataPlanes('dedicated', sidecar, ambient, CRITERIA).recommendation).toMatch(
      / For 10000 rps, c6i\.large nodes: 7 with ambient against 14 with sidecars; per million requests within budget: 0\.0157 USD with ambient against 0\.0315 USD with sidecars\.$/,
    );
    // the ambient pass unpriced: the target, node type and currency come from the sidecars' pass
    expect(compareDataPlanes('dedicated', sidecar, unpriced(ambient), CRITERIA).recommendation).toMatch(
      / For 10000 rps, c6i\.large nodes: not measured with ambient against 14 with sidecars; per million requests within budget: not measured with ambient against 0\.0315 USD with sidecars\.$/,
    );
    // no node type: the nodes without one; no currency: no money
    const typeless = { ...sidecar, cost: { ...sidecar.cost, nodeType: null, currency: null } };
    expect(compareDataPlanes('dedicated', typeless, unpriced(ambient), CRITERIA).recommendation).toMatch(/ For 10000 rps, nodes: not measured with ambient against 14 with sidecars\.$/);
    // nodes without a target rate are not a fleet
    const targetless = { ...typeless, cost: { ...typeless.cost, targetRps: null } };
    expect(compareDataPlanes('dedicated', targetless, unpriced(ambient), CRITERIA).recommendation).toMatch(/ambient carries more — sidecars failed at 1000 rps \([^)]*\), at or below the 1500 rps the other passed\.$/);
  });
});
