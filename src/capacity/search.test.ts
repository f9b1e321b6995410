import { describe, expect, it } from 'vitest';
import { advance, interrupt, maxLevels, rampRates, requestsForPercentile, startSearch, trialSecondsAt, type SearchSettings, type SearchState } from './search.js';

const SETTINGS: SearchSettings = { startRps: 250, maxRps: 8000, factor: 2, refineSteps: 3 };

/** Runs the search against a machine that passes every rate up to `capacityRps`; returns the rates tried and the end state. */
function searchAgainst(capacityRps: number, settings = SETTINGS): { tried: number[]; end: SearchState } {
  const tried: number[] = [];
  let state = startSearch(settings);
  while (state.phase !== 'done') {
    tried.push(state.nextRps);
    state = advance(settings, state, state.nextRps <= capacityRps);
    if (tried.length > 50) throw new Error('the search does not end');
  }
  return { tried, end: state };
}

describe('capacity search', () => {
  it('ramps by the factor, then bisects between the last pass and the first fail', () => {
    const { tried, end } = searchAgainst(1300);
    expect(tried).toEqual([250, 500, 1000, 2000, 1500, 1250, 1375]);
    expect(end).toEqual({ phase: 'done', stop: 'refined', lastPassRps: 1250, firstFailRps: 1375 });
  });

  it('stops at maxRps when every level passes, capping the last step', () => {
    const { tried, end } = searchAgainst(1e9, { ...SETTINGS, maxRps: 3000 });
    expect(tried).toEqual([250, 500, 1000, 2000, 3000]);
    expect(end).toMatchObject({ stop: 'max-rps', lastPassRps: 3000, firstFailRps: null });
  });

  it('ends at once when the start rate already fails: no rate is within budget', () => {
    const { tried, end } = searchAgainst(100);
    expect(tried).toEqual([250]);
    expect(end).toMatchObject({ stop: 'start-rate', lastPassRps: null, firstFailRps: 250 });
  });

  it('without refine steps, the capacity is the last ramp level that passed', () => {
    const { tried, end } = searchAgainst(1300, { ...SETTINGS, refineSteps: 0 });
    expect(tried).toEqual([250, 500, 1000, 2000]);
    expect(end).toMatchObject({ stop: 'refined', lastPassRps: 1000, firstFailRps: 2000 });
  });

  it('stops refining when the gap is under one request per second', () => {
    const { tried, end } = searchAgainst(2, { startRps: 1, maxRps: 100, factor: 2, refineSteps: 5 });
    expect(tried).toEqual([1, 2, 4, 3]);
    expect(end).toMatchObject({ stop: 'refined', lastPassRps: 2, firstFailRps: 3 });
  });

  it('never tries a rate twice and never exceeds maxLevels', () => {
    for (const capacity of [0, 300, 777, 4100, 7999, 9000]) {
      const { tried } = searchAgainst(capacity);
      expect(new Set(tried).size).toBe(tried.length);
      expect(tried.length).toBeLessThanOrEqual(maxLevels(SETTINGS));
    }
  });

  it('an interrupt keeps the bounds found so far', () => {
    let state = startSearch(SETTINGS);
    if (state.phase === 'done') throw new Error('unexpected');
    state = advance(SETTINGS, state, true);
    expect(interrupt(state)).toEqual({ phase: 'done', stop: 'interrupted', lastPassRps: 250, firstFailRps: null });
  });
});

describe('a level’s trial length', () => {
  it('holds enough requests for the percentile: 1000 for p99, 10000 for p99.9', () => {
    expect(requestsForPercentile(99)).toBe(1000);
    expect(requestsForPercentile(99.9)).toBe(10_000);
  });

  it('runs longer at low rates, never shorter than asked, at most 30 s', () => {
    const timing = { trialSeconds: 1, minRequestsPerTrial: 1000 };
    expect(trialSecondsAt(250, timing)).toBe(4);
    expect(trialSecondsAt(300, timing)).toBe(3.4);
    expect(trialSecondsAt(2000, timing)).toBe(1);
    expect(trialSecondsAt(1, timing)).toBe(30);
    expect(trialSecondsAt(250, { trialSeconds: 0.5, minRequestsPerTrial: 0 })).toBe(0.5);
  });

  it('the ramp’s rates, for planning', () => {
    expect(rampRates(SETTINGS)).toEqual([250, 500, 1000, 2000, 4000, 8000]);
    expect(maxLevels(SETTINGS)).toBe(9);
  });
});
