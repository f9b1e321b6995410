// A level compared with a baseline goes on past a decided look while its comparison is not
// settled (comparison-at-looks.ts): the stopper asks only at decided looks before the last, says
// why it goes on, and keeps the budget rule's own stops (last look, time cap). The judge and the
// comparison are seams here; the comparison itself is tested on fabricated records beside it.
import { describe, expect, it } from 'vitest';
import type { TrialRecord } from '../record/index.js';
import { lookLine } from './measurement.js';
import { LevelStopper, type LookJudge, type LookReport, type StoppingSettings } from './stopping.js';

const SETTINGS: StoppingSettings = { plan: { looks: [8, 14, 20], confidence: 0.95 }, maxDurationS: 300 };
const LEVEL = { profile: 'dedicated', rateRps: 500, newConnectionEvery: 0 };
const pass: LookJudge = () => ({ verdict: 'PASS', rows: [] });

/** Runs rounds until the stopper stops; returns the round it stopped at, the looks it reported and the rounds it asked about. */
function drive(judge: LookJudge, unsettledUntil: number, options: { now?: () => number; deadlineMs?: number; onRound?: (round: number) => void } = {}) {
  const asked: number[] = [];
  const looks: LookReport[] = [];
  let rounds = 0;
  const stopper = new LevelStopper({
    settings: SETTINGS,
    level: LEVEL,
    deadlineMs: options.deadlineMs ?? Infinity,
    judge,
    unsettled: () => (asked.push(rounds), rounds < unsettledUntil ? 'the comparison with the baseline: p50 can\'t tell yet' : null),
    onLook: (look) => looks.push(look),
    ...(options.now ? { now: options.now } : {}),
  });
  for (rounds = 1; rounds <= 20; rounds++) {
    options.onRound?.(rounds);
    if (stopper.afterRound(rounds, [] as TrialRecord[])) break;
  }
  return { stoppedAt: rounds, asked, looks, outcome: stopper.outcome() };
}

describe('a decided level compared with a baseline', () => {
  it('goes on while the comparison is unsettled, and stops, decisive, at the first look where it settles', () => {
    const run = drive(pass, 14);
    expect(run.stoppedAt).toBe(14);
    expect(run.asked).toEqual([8, 14]);
    expect(run.outcome).toMatchObject({ reason: 'decisive', look: 2, rounds: 14, verdict: 'PASS' });
    expect(run.looks[0]).toMatchObject({ verdict: 'PASS', pending: "the comparison with the baseline: p50 can't tell yet", next: { rounds: 14 } });
    expect(lookLine({ ...LEVEL } as never, run.looks[0]!)).toMatch(/→ on to 14 rounds \(the comparison with the baseline: p50 can't tell yet\)$/);
    expect(run.looks[1]).toMatchObject({ pending: null, next: { stop: 'decisive' } });
  });

  it('stops at its first decided look when the comparison is settled there', () => {
    const run = drive(pass, 0);
    expect(run.stoppedAt).toBe(8);
    expect(run.outcome.reason).toBe('decisive');
  });

  it('is not asked at an undecided look, nor at the last one: the budget rule stops there as before', () => {
    const decidedFrom14: LookJudge = () => ({ verdict: run14 ? 'PASS' : 'INCONCLUSIVE', rows: [] });
    let run14 = false;
    const run = drive(decidedFrom14, 99, { onRound: (r) => (run14 = r >= 14) });
    expect(run.asked).toEqual([14]);
    expect(run.stoppedAt).toBe(20);
    expect(run.outcome).toMatchObject({ reason: 'decisive', look: 3, verdict: 'PASS' });
    expect(run.looks[2]!.pending).toBeNull();
  });

  it('still stops before a look that would end after the time cap', () => {
    let nowMs = 0;
    // 10 s per round: from look 2 (140 s), look 3 would end at 200 s > 150 s
    const run = drive(pass, 99, { now: () => nowMs, deadlineMs: 150_000, onRound: (r) => (nowMs = r * 10_000) });
    expect(run.stoppedAt).toBe(14);
    expect(run.outcome.reason).toBe('max-duration');
  });
});
