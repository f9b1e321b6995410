import { expect, it } from 'vitest';
import { advance, interrupt, levelTiming, startSearch, type ActiveSearchState, type SearchSettings } from './search.js';

// Edges of the capacity search's state machine (mutation survivors).
const SETTINGS: SearchSettings = { startRps: 250, maxRps: 8000, factor: 2, refineSteps: 3 };

it('after the first failing level it bisects: the next state is a refinement half-way', () => {
  const ramp = startSearch(SETTINGS) as ActiveSearchState;
  const passed = advance(SETTINGS, ramp, true) as ActiveSearchState; // 250 passed, 500 next
  expect(advance(SETTINGS, passed, false)).toEqual({ phase: 'refine', nextRps: 375, refinesLeft: 3, lastPassRps: 250, firstFailRps: 500 });
});

it('interrupting a search that already ended keeps how it ended', () => {
  const ended = advance(SETTINGS, startSearch(SETTINGS) as ActiveSearchState, false);
  expect(ended).toMatchObject({ phase: 'done', stop: 'start-rate' });
  expect(interrupt(ended)).toBe(ended);
  expect(interrupt(startSearch(SETTINGS))).toEqual({ phase: 'done', stop: 'interrupted', lastPassRps: null, firstFailRps: null });
});

it('a trial holds enough requests for its percentile unless the search says how many', () => {
  expect(levelTiming({ trialSeconds: 1, percentile: 99 })).toEqual({ trialSeconds: 1, minRequestsPerTrial: 1000 });
  expect(levelTiming({ trialSeconds: 2, percentile: 99, minRequestsPerTrial: 0 })).toEqual({ trialSeconds: 2, minRequestsPerTrial: 0 });
});
