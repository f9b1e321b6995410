/**
 * Sidecars or ambient on one node profile: the two capacity searches (one per data plane) side by
 * side — which one carries more within the budget, what each data plane's proxies cost per 1000
 * rps and per million requests, and what that means in nodes and money. Pure.
 *
 * A search brackets a capacity: the true one lies between the highest rate that passed and the
 * lowest that failed. Two capacities differ only when their brackets do not overlap; otherwise the
 * search's resolution (its last bisection) cannot tell them apart, and the words say so.
 */
import type { Criteria, ProfileCapacity, TriedLevel } from './recommend.js';
import { moneyText, pText, rpsText, usText } from './words.js';

/** Which data plane carries more within the budget, as far as the two brackets show. */
export type CapacityReading = 'ambient-more' | 'sidecar-more' | 'cannot-tell' | 'none-within-budget';

export interface DataPlaneCapacity {
  /** The node profile of bench.config.ts. */
  readonly profile: string;
  /** The capacity profiles (pass labels) of the two searches. */
  readonly sidecar: string;
  readonly ambient: string;
  readonly reading: CapacityReading;
  /** Ambient's capacity ÷ the sidecars'; null unless both have one. */
  readonly capacityRatio: number | null;
  readonly recommendation: string;
}

/**
 * [low, high): where a search places the capacity — the highest rate shown within budget and the
 * lowest the node was not (high Infinity: none). A level whose measurement gave out (invalid
 * trials) says nothing about the node and bounds nothing.
 */
export function capacityBracket(p: Pick<ProfileCapacity, 'maxRateWithinBudgetRps' | 'levels'>): [number, number] {
  const low = p.maxRateWithinBudgetRps ?? 0;
  return [low, lowestNodeFailure(p, low)?.rateRps ?? Infinity];
}

/** The lowest measured level above the highest pass (`above`; 0 without one): on a search's levels, a failure. */
const lowestNodeFailure = (p: Pick<ProfileCapacity, 'levels'>, above: number): TriedLevel | undefined =>
  p.levels.filter((l) => l.outcome !== 'invalid' && l.rateRps > above).sort((a, b) => a.rateRps - b.rateRps)[0];

export function capacityReading(sidecar: ProfileCapacity, ambient: ProfileCapacity): CapacityReading {
  if (sidecar.maxRateWithinBudgetRps === null && ambient.maxRateWithinBudgetRps === null) return 'none-within-budget';
  const [sideLow, sideHigh] = capacityBracket(sidecar);
  const [ambLow, ambHigh] = capacityBracket(ambient);
  if (ambLow >= sideHigh) return 'ambient-more';
  if (sideLow >= ambHigh) return 'sidecar-more';
  return 'cannot-tell';
}

export function compareDataPlanes(profile: string, sidecar: ProfileCapacity, ambient: ProfileCapacity, criteria: Criteria): DataPlaneCapacity {
  const reading = capacityReading(sidecar, ambient);
  const side = sidecar.maxRateWithinBudgetRps;
  const amb = ambient.maxRateWithinBudgetRps;
  const capacityRatio = side !== null && amb !== null && side > 0 ? Number((amb / side).toFixed(3)) : null;
  const sentences = [capacitySentence(profile, sidecar, ambient, reading, criteria), costSentence(sidecar, ambient), moneySentence(sidecar, ambient)];
  return { profile, sidecar: sidecar.profile, ambient: ambient.profile, reading, capacityRatio, recommendation: sentences.filter((s) => s !== '').join(' ') };
}

const capacityOf = (p: ProfileCapacity): string =>
  p.maxRateWithinBudgetRps === null ? 'none of the rates tried' : `${p.stop === 'max-rps' ? 'at least ' : ''}${rpsText(p.maxRateWithinBudgetRps)}`;

function capacitySentence(profile: string, sidecar: ProfileCapacity, ambient: ProfileCapacity, reading: CapacityReading, criteria: Criteria): string {
  const within = `the ${pText(criteria.percentile)} tax inside ${usText(criteria.budgetUs)}`;
  if (reading === 'none-within-budget') return `On ${profile} nodes neither data plane was shown to keep ${within} at the rates tried.`;
  const carries = `On ${profile} nodes with ${within}, ambient (ztunnels) carries ${capacityOf(ambient)} and sidecars ${capacityOf(sidecar)}`;
  if (reading === 'cannot-tell') return `${carries}; the searches cannot tell the two apart (${bracketText(sidecar)} with sidecars, ${bracketText(ambient)} with ambient).`;
  const [more, less] = reading === 'ambient-more' ? [ambient, sidecar] : [sidecar, ambient];
  const failed = lowestNodeFailure(less, capacityBracket(less)[0])!;
  const [winner, loser] = reading === 'ambient-more' ? ['ambient carries', 'sidecars'] : ['sidecars carry', 'ambient'];
  return `${carries}: ${winner} more — ${loser} failed at ${rpsText(failed.rateRps)} (${failed.reason}), at or below the ${rpsText(more.maxRateWithinBudgetRps!)} the other passed.`;
}

function bracketText(p: ProfileCapacity): string {
  const [low, high] = capacityBracket(p);
  if (high === Infinity) return `at least ${rpsText(low)}`;
  return low === 0 ? `below ${rpsText(high)}` : `between ${rpsText(low)} and ${rpsText(high)}`;
}

/** `280 against 760`, or the one figure known. */
function against(ambient: number | null, sidecar: number | null, text: (x: number) => string): string | null {
  if (ambient === null && sidecar === null) return null;
  const show = (x: number | null) => (x === null ? 'not measured' : text(x));
  return `${show(ambient)} with ambient against ${show(sidecar)} with sidecars`;
}

/**
 * Millicores per 1000 rps is also CPU-seconds per million requests: m/1000 cores at 1000 rps is
 * m/10⁶ core-seconds a request.
 */
function costSentence(sidecar: ProfileCapacity, ambient: ProfileCapacity): string {
  const cpu = against(ambient.sidecar.millicoresPer1000Rps, sidecar.sidecar.millicoresPer1000Rps, (m) => `${Math.round(m)}`);
  const memory = against(ambient.sidecar.rssMiB, sidecar.sidecar.rssMiB, (m) => `${Math.round(m)} MiB`);
  const cores = against(ambient.sidecar.coresAtCapacity, sidecar.sidecar.coresAtCapacity, (c) => `${c.toFixed(2)} cores`);
  const parts = [
    ...(cpu === null ? [] : [`CPU per 1000 rps (millicores, = CPU-seconds per million requests): ${cpu}`]),
    ...(memory === null ? [] : [`memory per proxy: ${memory}`]),
    ...(cores === null ? [] : [`cores the client and server proxies keep busy at each one's capacity: ${cores}`]),
  ];
  return parts.length === 0 ? '' : `The proxies' cost, ${parts.join('; ')}.`;
}

function moneySentence(sidecar: ProfileCapacity, ambient: ProfileCapacity): string {
  const parts: string[] = [];
  const target = ambient.cost.targetRps ?? sidecar.cost.targetRps;
  const nodeType = ambient.cost.nodeType ?? sidecar.cost.nodeType;
  const nodes = against(ambient.cost.nodesNeeded, sidecar.cost.nodesNeeded, (n) => `${n}`);
  if (target !== null && nodes !== null) parts.push(`for ${rpsText(target)}, ${nodeType === null ? '' : `${nodeType} `}nodes: ${nodes}`);
  const currency = ambient.cost.currency ?? sidecar.cost.currency;
  const perMillion = currency === null ? null : against(ambient.cost.costPerMillionRequests, sidecar.cost.costPerMillionRequests, (x) => moneyText(x, currency));
  if (perMillion !== null) parts.push(`per million requests within budget: ${perMillion}`);
  if (parts.length === 0) return '';
  const text = parts.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** Pairs the two passes of each node profile (a `dataPlane: both` search); the rest stand alone. */
export function dataPlanePairs(profiles: readonly ProfileCapacity[]): { profile: string; sidecar: ProfileCapacity; ambient: ProfileCapacity }[] {
  const byNode = new Map<string, { sidecar?: ProfileCapacity; ambient?: ProfileCapacity }>();
  for (const p of profiles) {
    if (p.dataPlane === undefined) continue;
    const key = p.nodeProfile ?? p.profile;
    byNode.set(key, { ...byNode.get(key), [p.dataPlane]: p });
  }
  return [...byNode.entries()].flatMap(([profile, pair]) => (pair.sidecar && pair.ambient ? [{ profile, sidecar: pair.sidecar, ambient: pair.ambient }] : []));
}
