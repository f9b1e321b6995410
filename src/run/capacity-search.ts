/**
 * The capacity search with real trials: on each deployed profile, the search (src/capacity) names
 * the next offered rate, a level of `roundsPerLevel` interleaved A B B A rounds is measured (up to
 * SPARE_ROUNDS more when a round lost a side to trials invalid after their retries) and judged by
 * the main run's rules, until the search is done. Every level tried is kept, also when the run is interrupted.
 */
import { advance, interrupt, judgeLevel, levelTiming, maxLevels, rampRates, startSearch, trialSecondsAt, type LevelTiming, type SearchPhase, type SearchState } from '../capacity/index.js';
import type { BenchConfig, CapacitySearch } from '../config/index.js';
import type { CapacityLevel, TrialRecord } from '../record/index.js';
import { DEFAULT_SEED, droppedTrials, MIN_ROUNDS_FOR_INTERVAL, verdictAfterDrops } from '../stats/index.js';
import type { Measured, Measurement, ProfileRun } from './measurement.js';
import { buildPlan, type PlannedTrial } from './plan.js';
import { countsDespiteFailures, finiteOrNull, summarizeRun, type CapacityTrace } from '../summary/index.js';
import { runTrials } from './trials.js';

export function capacityMeasurement(search: CapacitySearch, profiles: readonly string[]): Measurement {
  const timing = levelTiming(search);
  const perProfileS = loadSecondsPerProfile(search);
  return {
    loadSeconds: perProfileS * profiles.length,
    description:
      `Capacity search per profile (${profiles.join(', ')}): from ${search.startRps} rps × ${search.factor} up to ${search.maxRps} rps, then ${search.refineSteps} bisections; ` +
      `each level ${search.roundsPerLevel} rounds × A B B A × ${search.trialSeconds} s${longerAtLowRates(search, timing)} (up to ${SPARE_ROUNDS} more when a round lost a side); ` +
      `at most ${maxLevels(search)} levels, ${perProfileS.toFixed(0)} s of load per profile`,
    measure: (on, into) => searchCapacity(on, search, into),
  };
}

function longerAtLowRates(search: CapacitySearch, timing: LevelTiming): string {
  const atStart = trialSecondsAt(search.startRps, timing);
  return atStart > search.trialSeconds ? ` (${atStart} s at ${search.startRps} rps, for ${timing.minRequestsPerTrial} requests per trial)` : '';
}

const levelSeconds = (rateRps: number, search: CapacitySearch): number => 2 * search.warmupSeconds + 4 * (search.roundsPerLevel + SPARE_ROUNDS) * trialSecondsAt(rateRps, levelTiming(search));

/** At most: every ramp level, and each bisection as long as the slowest level. */
function loadSecondsPerProfile(search: CapacitySearch): number {
  const ramp = rampRates(search).map((rate) => levelSeconds(rate, search));
  return ramp.reduce((a, b) => a + b, 0) + search.refineSteps * Math.max(...ramp);
}

async function searchCapacity(on: ProfileRun, search: CapacitySearch, into: Measured): Promise<void> {
  const trace: CapacityTrace = { profile: on.profile, levels: [], stop: 'interrupted', lastPassRps: null, firstFailRps: null };
  into.capacity.push(trace);
  const totalTrials = into.trials.length + maxLevels(search) * trialsPerLevel(search);
  let state: SearchState = startSearch(search);
  while (state.phase !== 'done' && !on.ctx.signal.aborted) {
    const before = into.trials.length;
    const planned = levelTrials(on.profile, state.nextRps, search, before, SPARE_ROUNDS);
    await runTrials({ ...on, totalTrials, maxErrorShare: search.maxErrorPct / 100, stopAfterRound: (done, trials) => done >= search.roundsPerLevel && completeRounds(trials) >= search.roundsPerLevel }, planned, into.trials);
    if (on.ctx.signal.aborted) break; // an interrupted level is not judged
    const level = measureLevel(into.trials.slice(before), state.phase, search, on.run.config);
    if (level === null) break; // nothing of the level was measured
    trace.levels.push(level);
    on.progress.phase(`Capacity ${on.profile} ${level.rateRps} rps (${level.phase}): ${level.passed ? 'PASS' : 'FAIL'} — ${level.reason}`);
    state = advance(search, state, level.passed);
    trace.lastPassRps = state.lastPassRps;
    trace.firstFailRps = state.firstFailRps;
  }
  const end = interrupt(state);
  if (end.phase === 'done') trace.stop = end.stop;
}

/**
 * Rounds a level may add when a round lost a side to trials still invalid after their retries, so
 * that one bad moment of the machine does not leave the level below the rounds an interval needs.
 */
export const SPARE_ROUNDS = 2;

const trialsPerLevel = (search: CapacitySearch): number => (search.warmupSeconds > 0 ? 2 : 0) + 4 * (search.roundsPerLevel + SPARE_ROUNDS);

/** Rounds with a trial that counts on both sides (what the tax's interval stands on). */
export function completeRounds(trials: readonly TrialRecord[]): number {
  const sides = new Map<number, Set<string>>();
  for (const t of trials.filter((x) => !x.warmup && countsDespiteFailures(x))) sides.set(t.round, (sides.get(t.round) ?? new Set()).add(t.variant));
  return [...sides.values()].filter((s) => s.size === 2).length;
}

/** One level as planned trials (warm-up, then interleaved rounds, then `spareRounds` more if needed), numbered after the trials so far. */
export function levelTrials(profile: string, rateRps: number, search: CapacitySearch, firstIndex: number, spareRounds = 0): PlannedTrial[] {
  const timing = { rounds: search.roundsPerLevel + spareRounds, trialSeconds: trialSecondsAt(rateRps, levelTiming(search)), warmupSeconds: search.warmupSeconds };
  return buildPlan([profile], [rateRps], timing).trials.map((t) => ({ ...t, index: t.index + firstIndex }));
}

/** A measured level's figures at the search percentile, and whether it passes; null without measured trials. */
export function measureLevel(trials: readonly TrialRecord[], phase: SearchPhase, search: CapacitySearch, config: BenchConfig): CapacityLevel | null {
  const { summary, levels } = summarizeRun(trials, config, DEFAULT_SEED);
  const row = summary.find((r) => r.percentile === search.percentile);
  const level = levels[0];
  if (level === undefined) return null;
  const ciUs: [number | null, number | null] = [finiteOrNull(row?.ciUs[0]), finiteOrNull(row?.ciUs[1])];
  const errorPct = meshErrorPct(trials);
  const figures = { taxCiUs: ciUs, errorPct, invalidReasons: level.invalidReasons, invalidTrials: level.invalidTrials, rounds: row?.rounds ?? 0, minRounds: MIN_ROUNDS_FOR_INTERVAL, withheld: withheldByDrops(trials) };
  const judged = judgeLevel(figures, { budgetUs: config.budgetUs, percentile: search.percentile, maxErrorPct: search.maxErrorPct });
  return {
    rateRps: level.rateRps,
    phase,
    baselineAchievedRps: level.baselineAchievedRps,
    meshAchievedRps: level.meshAchievedRps,
    trialSeconds: trialSecondsAt(level.rateRps, levelTiming(search)),
    baselineUs: finiteOrNull(row?.baselineUs),
    meshUs: finiteOrNull(row?.meshUs),
    taxUs: finiteOrNull(row?.taxUs),
    ciUs,
    errorPct,
    validTrials: level.validTrials,
    invalidTrials: level.invalidTrials,
    valid: level.invalidTrials === 0,
    outcome: judged.outcome,
    passed: judged.passed,
    reason: judged.reason,
  };
}

/** What the level's dropped trials withhold, by the main run's rules (src/stats/dropped.ts). */
function withheldByDrops(trials: readonly TrialRecord[]): { pass: string | null; fail: string | null } {
  const drops = droppedTrials(trials.filter((t) => !t.warmup).map((t) => ({ variant: t.variant, valid: countsDespiteFailures(t) })));
  return { pass: verdictAfterDrops('PASS', drops).withheld, fail: verdictAfterDrops('FAIL', drops).withheld };
}

/** Failed requests of the measured mesh trials, % of those sent. */
function meshErrorPct(trials: readonly TrialRecord[]): number {
  const mesh = trials.filter((t) => t.variant === 'mesh' && !t.warmup);
  const sent = mesh.reduce((n, t) => n + t.load.sent, 0);
  const errors = mesh.reduce((n, t) => n + t.load.errors, 0);
  return sent > 0 ? Number(((errors / sent) * 100).toFixed(3)) : 0;
}

