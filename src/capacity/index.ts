/**
 * capacity — the pure parts of the capacity-planning report: the search over load levels, the
 * judgement of a level, the knee of the latency curve, cost maths and the recommendation in words.
 * The run (src/run/capacity-search.ts) drives the search with real trials; the report renders the result.
 */
export { advance, interrupt, levelTiming, MAX_TRIAL_SECONDS, maxLevels, rampRates, requestsForPercentile, startSearch, trialSecondsAt, type LevelTiming, type ActiveSearchState, type SearchPhase, type SearchSettings, type SearchState, type SearchStop } from './search.js';
export { judgeLevel, type LevelCriteria, type LevelFigures, type LevelJudgement, type LevelOutcome } from './judge.js';
export { DEFAULT_MIN_RISE, DEFAULT_SENSITIVITY, kneeOf, type CurvePoint, type KneeOptions } from './knee.js';
export { capacityCost, costPerMillionRequests, nodesNeeded, nodeTypeFor, sidecarCoresAt, type CapacityCost, type Price, type PricingInput } from './cost.js';
export { firstFailing, nodeText, overallRecommendation, profileRecommendation, proxiesText, type Criteria, type ProfileCapacity, type SidecarCost, type TriedLevel } from './recommend.js';
export { moneyText, rpsText, usText } from './words.js';
export { capacityBracket, capacityReading, compareDataPlanes, dataPlanePairs, type CapacityReading, type DataPlaneCapacity } from './data-planes.js';
