/**
 * The capacity search as a state machine (Nighthawk's adaptive load controller, with a latency
 * criterion): ramp the offered rate by `factor` from `startRps` while levels pass, up to `maxRps`;
 * after the first failing level, bisect `refineSteps` times between the last passing and the first
 * failing rate. Pure: `startSearch`, then `advance` with each level's outcome until `done`.
 */

export interface SearchSettings {
  readonly startRps: number;
  readonly maxRps: number;
  readonly factor: number;
  readonly refineSteps: number;
}

export type SearchPhase = 'ramp' | 'refine';

/** Why a search ended. */
export type SearchStop =
  /** Bisected `refineSteps` times (or the gap fell below 1 rps). */
  | 'refined'
  /** Passed at `maxRps`: the capacity is at least that. */
  | 'max-rps'
  /** The very first level failed: no rate of the search is within budget. */
  | 'start-rate'
  /** The search's time cap ran out before it ended (the run stops it; never `advance`). */
  | 'time-cap'
  /** Interrupted before the search ended. */
  | 'interrupted';

interface Bounds {
  /** Highest rate that passed so far. */
  readonly lastPassRps: number | null;
  /** Lowest rate that failed so far. */
  readonly firstFailRps: number | null;
}

export type SearchState =
  | (Bounds & { readonly phase: 'ramp'; readonly nextRps: number })
  | (Bounds & { readonly phase: 'refine'; readonly nextRps: number; readonly refinesLeft: number })
  | (Bounds & { readonly phase: 'done'; readonly stop: SearchStop });

export type ActiveSearchState = Extract<SearchState, { nextRps: number }>;

export function startSearch(settings: SearchSettings): SearchState {
  return { phase: 'ramp', nextRps: rateOf(settings.startRps), lastPassRps: null, firstFailRps: null };
}

/** The state after measuring `state.nextRps` with the given outcome. */
export function advance(settings: SearchSettings, state: ActiveSearchState, passed: boolean): SearchState {
  const rate = state.nextRps;
  const bounds: Bounds = passed ? { lastPassRps: rate, firstFailRps: state.firstFailRps } : { lastPassRps: state.lastPassRps, firstFailRps: rate };
  if (state.phase === 'ramp') return passed ? ramped(settings, rate, bounds) : startRefining(settings, bounds);
  return refined(bounds, state.refinesLeft - 1);
}

/** Stops the search where it is (Ctrl-C, a child died). */
export function interrupt(state: SearchState): SearchState {
  return state.phase === 'done' ? state : { lastPassRps: state.lastPassRps, firstFailRps: state.firstFailRps, phase: 'done', stop: 'interrupted' };
}

/** At most this many levels: the ramp up to maxRps plus the refinements. */
export function maxLevels(settings: SearchSettings): number {
  return rampRates(settings).length + settings.refineSteps;
}

function ramped(settings: SearchSettings, rate: number, bounds: Bounds): SearchState {
  if (rate >= settings.maxRps) return { ...bounds, phase: 'done', stop: 'max-rps' };
  return { ...bounds, phase: 'ramp', nextRps: Math.min(rateOf(rate * settings.factor), rateOf(settings.maxRps)) };
}

function startRefining(settings: SearchSettings, bounds: Bounds): SearchState {
  if (bounds.lastPassRps === null) return { ...bounds, phase: 'done', stop: 'start-rate' };
  return refined(bounds, settings.refineSteps);
}

function refined(bounds: Bounds, refinesLeft: number): SearchState {
  const { lastPassRps, firstFailRps } = bounds;
  const middle = lastPassRps === null || firstFailRps === null ? null : rateOf((lastPassRps + firstFailRps) / 2);
  if (refinesLeft <= 0 || middle === null || middle <= lastPassRps! || middle >= firstFailRps!) return { ...bounds, phase: 'done', stop: 'refined' };
  return { ...bounds, phase: 'refine', nextRps: middle, refinesLeft };
}

/** Offered rates are whole requests per second. */
const rateOf = (rps: number): number => Math.max(1, Math.round(rps));

/** Longest trial the search plans, seconds: a level at a very low rate is not worth more. */
export const MAX_TRIAL_SECONDS = 30;

export interface LevelTiming {
  readonly trialSeconds: number;
  /** 0: no minimum. */
  readonly minRequestsPerTrial: number;
}

/**
 * Seconds per trial at `rateRps`: at least `trialSeconds`, and long enough to hold
 * `minRequestsPerTrial` requests (rounded up to 0.1 s, at most MAX_TRIAL_SECONDS).
 */
export function trialSecondsAt(rateRps: number, timing: LevelTiming): number {
  const needed = Math.ceil((timing.minRequestsPerTrial / rateRps) * 10) / 10;
  return Math.max(timing.trialSeconds, Math.min(needed, MAX_TRIAL_SECONDS));
}

/** Requests beyond the percentile per trial: about 10 for it to be more than the extreme value (1000 for p99). */
/** A search's trial length and the requests a trial must hold (default: enough for its percentile). */
export function levelTiming(search: { readonly trialSeconds: number; readonly percentile: number; readonly minRequestsPerTrial?: number | undefined }): LevelTiming {
  return { trialSeconds: search.trialSeconds, minRequestsPerTrial: search.minRequestsPerTrial ?? requestsForPercentile(search.percentile) };
}

export const requestsForPercentile = (percentile: number): number => Math.ceil(Number((10 / (1 - percentile / 100)).toFixed(6)));

/** Every rate the ramp can try, from startRps up to maxRps. */
export function rampRates(settings: SearchSettings): number[] {
  const rates: number[] = [];
  let state = startSearch(settings);
  while (state.phase === 'ramp') {
    rates.push(state.nextRps);
    state = advance(settings, state, true);
  }
  return rates;
}
