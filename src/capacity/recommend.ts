/**
 * The capacity answer in plain words: per node profile what one node carries with the tax inside
 * the budget, what its sidecars cost and what that means in nodes and money; across profiles,
 * which one to buy. Pure; every figure comes from the search.
 */
import type { CapacityCost } from './cost.js';
import type { LevelOutcome } from './judge.js';
import type { SearchStop } from './search.js';
import { moneyText, pText, rpsText, usText } from './words.js';

export interface TriedLevel {
  readonly rateRps: number;
  readonly outcome: LevelOutcome;
  readonly reason: string;
}

export interface SidecarCost {
  /** Client + server sidecar CPU per 1000 rps, millicores. */
  readonly millicoresPer1000Rps: number | null;
  /** Largest resident memory of one sidecar, MiB. */
  readonly rssMiB: number | null;
  /** Cores both sidecars keep busy at the capacity. */
  readonly coresAtCapacity: number | null;
}

export interface ProfileCapacity {
  readonly profile: string;
  /** The node profile of bench.config.ts when `profile` is a data plane's pass (`dedicated-ambient`); absent: `profile`. */
  readonly nodeProfile?: string;
  /** What carried the mesh path (absent: sidecars, not named). Ambient: `sidecar` holds the ztunnels' cost. */
  readonly dataPlane?: 'sidecar' | 'ambient';
  readonly levels: readonly TriedLevel[];
  readonly maxRateWithinBudgetRps: number | null;
  readonly stop: SearchStop;
  readonly kneeRps: number | null;
  readonly sidecar: SidecarCost;
  readonly cost: CapacityCost;
}

export interface Criteria {
  readonly budgetUs: number;
  readonly percentile: number;
}

/** What limited the capacity, or null when nothing failed. */
export function firstFailing(p: Pick<ProfileCapacity, 'levels' | 'maxRateWithinBudgetRps'>): TriedLevel | null {
  const above = p.levels.filter((l) => l.outcome !== 'pass' && (p.maxRateWithinBudgetRps === null || l.rateRps > p.maxRateWithinBudgetRps));
  return above.sort((a, b) => a.rateRps - b.rateRps)[0] ?? null;
}

/** Two to four sentences about one profile. */
export function profileRecommendation(p: ProfileCapacity, criteria: Criteria): string {
  return [capacitySentence(p, criteria), sidecarSentence(p), moneySentence(p)].filter((s) => s !== '').join(' ');
}

function capacitySentence(p: ProfileCapacity, criteria: Criteria): string {
  const within = `the ${pText(criteria.percentile)} tax inside ${usText(criteria.budgetUs)}`;
  const knee = p.kneeRps === null ? '' : `; latency turns up steeply (the knee) at ${rpsText(p.kneeRps)}`;
  const failing = firstFailing(p);
  if (p.maxRateWithinBudgetRps === null) return noCapacitySentence(p, within, failing);
  const carries = `A ${nodeText(p)} carries ${p.stop === 'max-rps' ? 'at least ' : ''}${rpsText(p.maxRateWithinBudgetRps)} with ${within}`;
  return `${carries}${knee}${limitClause(p, failing)}.`;
}

function noCapacitySentence(p: ProfileCapacity, within: string, failing: TriedLevel | null): string {
  const lowest = p.levels[0] === undefined ? 'the start rate' : rpsText(p.levels[0].rateRps);
  if (failing === null) return `The search on ${nodesText(p)} ${p.stop === 'time-cap' ? 'reached its time cap' : 'was interrupted'} before a level was measured.`;
  if (failing.outcome === 'invalid') {
    return `On ${nodesText(p)} the measurement itself gave out already at ${lowest}: ${failing.reason}. No capacity can be stated; run the load generator on another machine, or allow more schedule lag (maxScheduleLagUs), and search again.`;
  }
  const verb = failing.outcome === 'uncertain' ? 'is not shown to keep' : 'does not keep';
  return `A ${nodeText(p)} ${verb} ${within} even at ${lowest}${p.stop === 'interrupted' ? ' (the search was interrupted)' : ''}: ${failing.reason}.`;
}

/** `dedicated node`, or with the data plane named: `dedicated node with ambient (ztunnels)`. */
export function nodeText(p: Pick<ProfileCapacity, 'profile' | 'nodeProfile' | 'dataPlane'>, plural = false): string {
  const node = `${p.nodeProfile ?? p.profile} node${plural ? 's' : ''}`;
  if (p.dataPlane === undefined) return node;
  return `${node} with ${p.dataPlane === 'ambient' ? 'ambient (ztunnels)' : 'sidecars'}`;
}

const nodesText = (p: ProfileCapacity): string => nodeText(p, true);

/** What the mesh path's proxies are called: `sidecars`, or `ztunnels` for ambient. */
export const proxiesText = (p: Pick<ProfileCapacity, 'dataPlane'>): string => (p.dataPlane === 'ambient' ? 'ztunnels' : 'sidecars');

/** The first level tried failed because the measurement gave out, not the system. */
const unmeasured = (p: ProfileCapacity): boolean => p.maxRateWithinBudgetRps === null && firstFailing(p)?.outcome === 'invalid';

function limitClause(p: ProfileCapacity, failing: TriedLevel | null): string {
  if (p.stop === 'max-rps') return ' (the highest rate tried; raise capacity.maxRps to look further)';
  if (p.stop === 'interrupted') return ' (the search was interrupted; the capacity may be higher)';
  if (p.stop === 'time-cap' && failing === null) return ' (the search reached its time cap, maxSearchSeconds; the capacity may be higher)';
  if (failing === null) return '';
  if (failing.outcome === 'invalid') return `; at ${rpsText(failing.rateRps)} the measurement itself gave out, so the true capacity may be higher (run the load from another machine to know): ${failing.reason}`;
  if (failing.outcome === 'errors') return `; at ${rpsText(failing.rateRps)} requests start failing (${failing.reason})`;
  return `; at ${rpsText(failing.rateRps)} it does not (${failing.reason})`;
}

function sidecarSentence(p: ProfileCapacity): string {
  const { millicoresPer1000Rps, rssMiB, coresAtCapacity } = p.sidecar;
  if (millicoresPer1000Rps === null && rssMiB === null) return '';
  const cpu = millicoresPer1000Rps === null ? null : `${Math.round(millicoresPer1000Rps)} millicores per 1000 rps${coresAtCapacity === null ? '' : ` (${coresAtCapacity.toFixed(2)} cores at capacity)`}`;
  const memory = rssMiB === null ? null : `${Math.round(rssMiB)} MiB of memory each`;
  return `The client and server ${proxiesText(p)} cost ${[cpu, memory].filter((x) => x !== null).join(' and ')}.`;
}

function moneySentence(p: ProfileCapacity): string {
  const { cost } = p;
  const parts: string[] = [];
  if (cost.targetRps !== null && cost.nodesNeeded !== null) {
    const fleet = cost.fleetPerHour === null || cost.currency === null ? '' : ` (${moneyText(cost.fleetPerHour, cost.currency)} per hour)`;
    parts.push(`For ${rpsText(cost.targetRps)} you need ${cost.nodesNeeded} ${cost.nodeType ?? p.nodeProfile ?? p.profile} node${cost.nodesNeeded === 1 ? '' : 's'}${fleet}`);
  }
  if (cost.costPerMillionRequests !== null && cost.currency !== null) parts.push(`${moneyText(cost.costPerMillionRequests, cost.currency)} per million requests within budget`);
  return parts.length > 0 ? `${parts.join('; ')}.` : '';
}

/** Which profile to buy, in one or two sentences. */
export function overallRecommendation(profiles: readonly ProfileCapacity[], criteria: Criteria): string {
  if (profiles.length === 0) return 'Nothing was measured, so there is no capacity to report.';
  const within = profiles.filter((p) => p.maxRateWithinBudgetRps !== null);
  const budget = `the ${pText(criteria.percentile)} tax inside ${usText(criteria.budgetUs)}`;
  if (profiles.length === 1) return profileRecommendation(profiles[0]!, criteria);
  if (within.length === 0) return nothingWithin(profiles, budget);
  const best = bestBuy(within);
  const others = profiles.filter((p) => p !== best).map((p) => comparedWith(p, best)).join('; ');
  return `Buy ${best.profile}: one node carries ${rpsText(best.maxRateWithinBudgetRps!)} with ${budget}${priceClause(best)}; ${others}.`;
}

function nothingWithin(profiles: readonly ProfileCapacity[], budget: string): string {
  const gaveOut = profiles.filter(unmeasured).map((p) => p.profile);
  if (gaveOut.length === profiles.length) {
    return 'No capacity could be measured: on every node profile the load generator fell behind (or trials failed) already at the lowest rate tried. Run the load generator on another machine, or allow more schedule lag (maxScheduleLagUs), and search again.';
  }
  const caveat = gaveOut.length > 0 ? ` (on ${gaveOut.join(', ')} the measurement itself gave out)` : '';
  const exceeded = profiles.some((p) => ['over-budget', 'errors'].includes(firstFailing(p)?.outcome ?? ''));
  const conclusion = exceeded
    ? 'the mesh does not fit this budget on this hardware. Try a larger budget, faster nodes, or fewer hops.'
    : 'the intervals reach past the budget without being above it — more rounds per level (maxRoundsPerLevel, maxLevelSeconds) or a quieter machine can decide.';
  return `No node profile was shown to keep ${budget} at the rates tried${caveat}: ${conclusion}`;
}

/** Cheapest per million requests when every profile has a price; else the most capacity. */
function bestBuy(within: readonly ProfileCapacity[]): ProfileCapacity {
  const priced = within.every((p) => p.cost.costPerMillionRequests !== null && p.cost.currency === within[0]!.cost.currency);
  const score = (p: ProfileCapacity) => (priced ? -p.cost.costPerMillionRequests! : p.maxRateWithinBudgetRps!);
  return [...within].sort((a, b) => score(b) - score(a))[0]!;
}

function priceClause(p: ProfileCapacity): string {
  const { costPerMillionRequests: perMillion, currency } = p.cost;
  return perMillion === null || currency === null ? '' : ` at ${moneyText(perMillion, currency)} per million requests`;
}

function comparedWith(p: ProfileCapacity, best: ProfileCapacity): string {
  if (unmeasured(p)) return `${p.profile} could not be measured (the measurement gave out at ${rpsText(p.levels[0]?.rateRps ?? 0)})`;
  if (p.maxRateWithinBudgetRps === null) {
    const verb = firstFailing(p)?.outcome === 'uncertain' ? 'is not shown to stay' : 'does not stay';
    return `${p.profile} ${verb} within budget even at ${rpsText(p.levels[0]?.rateRps ?? 0)}`;
  }
  const nodes = p.cost.nodesNeeded !== null && best.cost.nodesNeeded !== null ? `, ${p.cost.nodesNeeded} nodes against ${best.cost.nodesNeeded} for ${rpsText(p.cost.targetRps!)}` : '';
  return `${p.profile} ${p.maxRateWithinBudgetRps < best.maxRateWithinBudgetRps! ? 'only ' : ''}${rpsText(p.maxRateWithinBudgetRps)}${priceClause(p)}${nodes}`;
}
