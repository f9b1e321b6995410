/**
 * The capacity search with real trials: on each deployed profile, the search (src/capacity) names
 * the next offered rate, and a level of interleaved A B B A rounds is measured until it knows, as
 * the main run's levels do (stopping.ts): it looks at `roundsPerLevel` rounds, then at the default
 * looks up to `maxRoundsPerLevel`, each look judging the level by the main run's rules with its
 * interval at the Bonferroni-corrected confidence; it stops at the first look that passes or fails
 * the level, at the last look, or before a look that would end past the level's or the search's
 * time cap. Looks count rounds that hold both sides, so a level may add up to SPARE_ROUNDS rounds
 * for those that lost a side to trials invalid after their retries. Every level tried is kept,
 * with where and why it stopped, also when the run is interrupted.
 */
import { advance, interrupt, judgeLevel, levelTiming, rampRates, startSearch, trialSecondsAt, usText, type LevelTiming, type SearchPhase, type SearchState } from '../capacity/index.js';
import type { BenchConfig, CapacitySearch } from '../config/index.js';
import type { CapacityLevel, TrialRecord } from '../record/index.js';
import { DEFAULT_SEED, droppedTrials, lookConfidence, MIN_ROUNDS_FOR_INTERVAL, stoppingRule, verdictAfterDrops, type Verdict } from '../stats/index.js';
import type { Measured, Measurement, ProfileRun } from './measurement.js';
import { buildPlan, type PlannedTrial } from './plan.js';
import { countsDespiteFailures, finiteOrNull, summarizeRun, type CapacityTrace } from '../summary/index.js';
import { LevelStopper, looksFor, type LookJudge, type StoppingSettings } from './stopping.js';
import { runTrials } from './trials.js';

/** The progress line's word for a level: a level counts as capacity only when shown within budget. */
const LEVEL_WORDS: Record<CapacityLevel['outcome'], string> = {
  pass: 'PASS',
  'over-budget': 'FAIL (over budget)',
  uncertain: 'FAIL (not shown within budget)',
  errors: 'FAIL (errors)',
  invalid: 'STOP (invalid trials)',
};

/** Where and why a level stopped (the record's `CapacityLevel.stopping`). */
export type CapacityLevelStop = NonNullable<CapacityLevel['stopping']>;

/** The sequential rule of every level of a search, at the run's stated confidence; one look when maxRoundsPerLevel ≤ roundsPerLevel. */
export function capacityStopping(search: CapacitySearch, confidence: number): StoppingSettings {
  return { plan: { looks: looksFor(search.roundsPerLevel, search.maxRoundsPerLevel), confidence }, maxDurationS: search.maxLevelSeconds };
}

/** The rule in words, for the record and the report. */
export function capacityStoppingRule(search: CapacitySearch, confidence: number): string {
  const { plan } = capacityStopping(search, confidence);
  const decided = 'a level stops when its verdict at the search percentile is decided (pass, or over budget, or errors)';
  return `${stoppingRule(plan).replace(/stops when every verdict percentile PASSes or one FAILs/, decided)}, or at a look when the next would end after ${search.maxLevelSeconds} s of the level or ${search.maxSearchSeconds} s of the profile's search`;
}

/** A level's figures and judgement from its trials (default measureLevel). */
export type MeasureLevel = (trials: readonly TrialRecord[], phase: SearchPhase, search: CapacitySearch, config: BenchConfig) => CapacityLevel | null;

export interface CapacityOptions {
  /** Milliseconds since the epoch (tests pass a fake clock). */
  readonly now?: () => number;
  /** The seam where a unit test decides levels without Envoy; default measureLevel. */
  readonly measure?: MeasureLevel;
}

export function capacityMeasurement(search: CapacitySearch, profiles: readonly string[], options: CapacityOptions = {}): Measurement {
  const timing = levelTiming(search);
  const perProfileS = loadSecondsPerProfile(search);
  const looks = looksFor(search.roundsPerLevel, search.maxRoundsPerLevel);
  return {
    loadSeconds: perProfileS * profiles.length,
    description:
      `Capacity search per profile (${profiles.join(', ')}): from ${search.startRps} rps × ${search.factor} up to ${search.maxRps} rps, then ${search.refineSteps} bisections; ` +
      `each level A B B A rounds × ${search.trialSeconds} s${longerAtLowRates(search, timing)}, looking at ${looks.join(', ')} rounds and stopping when it passes or fails ` +
      `(up to ${SPARE_ROUNDS} more rounds when a round lost a side); at most ${search.maxLevelSeconds} s per level, ${search.maxSearchSeconds} s per profile`,
    measure: (on, into) => searchCapacity(on, search, into, { now: options.now ?? Date.now, measure: options.measure ?? measureLevel }),
  };
}

function longerAtLowRates(search: CapacitySearch, timing: LevelTiming): string {
  const atStart = trialSecondsAt(search.startRps, timing);
  return atStart > search.trialSeconds ? ` (${atStart} s at ${search.startRps} rps, for ${timing.minRequestsPerTrial} requests per trial)` : '';
}

const lastLook = (search: CapacitySearch): number => Math.max(search.roundsPerLevel, search.maxRoundsPerLevel);

const levelSeconds = (rateRps: number, search: CapacitySearch): number => 2 * search.warmupSeconds + 4 * (lastLook(search) + SPARE_ROUNDS) * trialSecondsAt(rateRps, levelTiming(search));

/** At most: every ramp level and each bisection as long as the slowest, each within its cap; the search within its own (a started level may finish its first look). */
function loadSecondsPerProfile(search: CapacitySearch): number {
  const capped = (rate: number) => Math.min(levelSeconds(rate, search), search.maxLevelSeconds + levelSeconds(rate, search) / lastLook(search));
  const ramp = rampRates(search).map(capped);
  const all = ramp.reduce((a, b) => a + b, 0) + search.refineSteps * Math.max(...ramp);
  return Math.min(all, search.maxSearchSeconds + Math.max(...ramp));
}

async function searchCapacity(on: ProfileRun, search: CapacitySearch, into: Measured, seams: Required<CapacityOptions>): Promise<void> {
  const { now, measure } = seams;
  const trace: CapacityTrace = { profile: on.profile, levels: [], stop: 'interrupted', lastPassRps: null, firstFailRps: null };
  into.capacity.push(trace);
  const settings = capacityStopping(search, on.run.config.confidence);
  const searchDeadlineMs = now() + search.maxSearchSeconds * 1000;
  let state: SearchState = startSearch(search);
  while (state.phase !== 'done' && !on.ctx.signal.aborted) {
    if (now() >= searchDeadlineMs) {
      trace.stop = 'time-cap';
      return;
    }
    const level = await measureSequentialLevel(on, { search, settings, rateRps: state.nextRps, phase: state.phase, deadlineMs: Math.min(searchDeadlineMs, now() + search.maxLevelSeconds * 1000), now, measure }, into.trials);
    if (level === null) break; // interrupted, or nothing of the level was measured
    trace.levels.push(level);
    on.progress.phase(`Capacity ${on.profile} ${level.rateRps} rps (${level.phase}): ${LEVEL_WORDS[level.outcome]} — ${level.reason}`);
    state = advance(search, state, level.passed);
    trace.lastPassRps = state.lastPassRps;
    trace.firstFailRps = state.firstFailRps;
  }
  const end = interrupt(state);
  if (end.phase === 'done') trace.stop = end.stop;
}

interface LevelRun {
  readonly search: CapacitySearch;
  readonly settings: StoppingSettings;
  readonly rateRps: number;
  readonly phase: SearchPhase;
  /** No look is begun that would end after this, ms since the epoch. */
  readonly deadlineMs: number;
  readonly now: () => number;
  readonly measure: MeasureLevel;
}

/** One level, measured until its looks decide it; null when interrupted or nothing was measured. */
async function measureSequentialLevel(on: ProfileRun, level: LevelRun, out: TrialRecord[]): Promise<CapacityLevel | null> {
  const { search, settings, rateRps, phase } = level;
  const config = on.run.config;
  const looks = settings.plan.looks;
  const confidence = lookConfidence(settings.plan);
  const stopper = new LevelStopper({
    settings,
    level: { profile: on.profile, rateRps, newConnectionEvery: 0 },
    deadlineMs: level.deadlineMs,
    judge: capacityJudge(phase, search, config, level.measure),
    now: level.now,
    onLook: (look) => on.progress.phase(`Capacity ${on.profile} ${rateRps} rps: look ${look.look} of ${look.looks} at ${look.rounds} rounds (${Number((look.confidence * 100).toFixed(2))}% intervals): ${look.verdict} → ${'stop' in look.next ? `stops (${look.next.stop})` : `on to ${look.next.rounds} rounds`}`),
  });
  const before = out.length;
  const planned = levelTrials(on.profile, rateRps, search, before, lastLook(search) - search.roundsPerLevel + SPARE_ROUNDS);
  const warmups = search.warmupSeconds > 0 ? 2 : 0;
  const totalTrials = () => out.length + Math.max(0, warmups + 4 * stopper.targetRounds - (out.length - before));
  let looked = 0;
  const stopAfterRound = (_done: number, trials: readonly TrialRecord[]): boolean => {
    const complete = completeRounds(trials);
    if (complete === looked) return false; // this round lost a side: no new round to look at
    looked = complete;
    return stopper.afterRound(complete, trials);
  };
  await runTrials({ ...on, totalTrials, maxErrorShare: search.maxErrorPct / 100, stopAfterRound }, planned, out);
  if (on.ctx.signal.aborted) return null; // an interrupted level is not judged
  const trials = out.slice(before);
  const stop = stopOf(stopper, looks.length);
  const measured = level.measure(trials, phase, search, { ...config, confidence });
  return measured === null ? null : { ...measured, reason: measured.reason + undecidedNote(measured, stop, search.percentile), stopping: stop };
}

/** The stopper's outcome; a level whose planned rounds (spares included) ran out before its last look ends there too. */
function stopOf(stopper: LevelStopper, looks: number): CapacityLevelStop {
  const { reason, look, rounds, elapsedS } = stopper.outcome();
  return { reason: reason === 'interrupted' ? 'max-rounds' : reason, look, looks, rounds, elapsedS: Number(elapsedS.toFixed(1)) };
}

/** The verdict a look gives a level: pass, fail (over budget or errors), or not yet known. */
export function capacityJudge(phase: SearchPhase, search: CapacitySearch, config: BenchConfig, measure: MeasureLevel = measureLevel): LookJudge {
  return (trials, confidence) => {
    const level = measure(trials, phase, search, { ...config, confidence });
    return { verdict: levelVerdict(level?.outcome), rows: [] };
  };
}

function levelVerdict(outcome: CapacityLevel['outcome'] | undefined): Verdict {
  if (outcome === 'pass') return 'PASS';
  return outcome === 'over-budget' || outcome === 'errors' ? 'FAIL' : 'INCONCLUSIVE';
}

/** A level its looks could not decide says how far this machine resolves the tax there. */
function undecidedNote(level: CapacityLevel, stop: CapacityLevelStop, percentile: number): string {
  if (stop.reason === 'decisive') return '';
  const [lo, hi] = level.ciUs;
  const cap = stop.reason === 'max-duration' ? 'the time cap' : 'the most rounds a level makes';
  const resolution = lo === null || hi === null ? '' : `: this machine resolves the p${percentile} tax here to ±${usText((hi - lo) / 2)}`;
  return `; still undecided after ${stop.rounds} rounds (${cap})${resolution}`;
}

/**
 * Rounds a level may add when a round lost a side to trials still invalid after their retries, so
 * that one bad moment of the machine does not leave the level below the rounds an interval needs.
 */
export const SPARE_ROUNDS = 2;

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

