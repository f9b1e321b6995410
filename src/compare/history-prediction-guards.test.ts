/**
 * predictTonight at its edges, by hand: nights that agree exactly, which nights' speeds allow the
 * speed adjustment (and the words when they do not), and whose standard errors are known enough to
 * widen tonight's interval. The arithmetic of the interval is in history-prediction-by-hand.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { predictTonight, type Night } from './history-prediction.js';

const taxes = [600, 640, 580, 620, 610, 650, 590, 630];
const speeds = [180, 200, 170, 190, 185, 210, 175, 195];
/** The SD of a new night about the mean of `taxes`: √(600 · (1 + 1/8)). */
const PLAIN_SD_US = 25.980762;
const withSpeeds = (speed: (i: number) => number | null = (i) => speeds[i]!): Night[] => taxes.map((taxUs, i) => ({ taxUs, speedUs: speed(i) }));

describe('predictTonight at its edges', () => {
  it('nights that all agree: SD 0, and tonight is either exactly like them (p = 1) or not (p = 0)', () => {
    const same: Night[] = taxes.map(() => ({ taxUs: 600, speedUs: null }));
    const like = predictTonight(same, { taxUs: 600, speedUs: null }, 0.99)!;
    expect(like).toMatchObject({ sdUs: 0, changeUs: 0, pValue: 1, ciUs: [0, 0], df: 7 });
    expect(predictTonight(same, { taxUs: 610, speedUs: null }, 0.99)).toMatchObject({ sdUs: 0, changeUs: 10, pValue: 0, ciUs: [10, 10] });
    expect(predictTonight(same, { taxUs: 590, speedUs: null }, 0.99)!.pValue).toBe(0);
  });

  it('tonight exactly as precise as the nights adds nothing, even when the nights agree exactly', () => {
    const same: Night[] = taxes.map(() => ({ taxUs: 600, speedUs: null, seUs: 10, rounds: 8 }));
    expect(predictTonight(same, { taxUs: 600, speedUs: null, seUs: 10, rounds: 8 }, 0.99)).toMatchObject({ sdUs: 0, df: 7, pValue: 1 });
  });

  it('says why the speed was not adjusted for: too few nights, a speed missing, one speed for all', () => {
    expect(predictTonight(withSpeeds().slice(0, 7), { taxUs: 700, speedUs: 188 }, 0.99)!.note).toBe('7 nights; the speed adjustment needs 8');
    for (const [nights, tonightSpeed] of [
      [withSpeeds(), null],
      [withSpeeds((i) => (i === 3 ? null : speeds[i]!)), 188],
    ] as const) {
      expect(predictTonight(nights, { taxUs: 700, speedUs: tonightSpeed }, 0.99)).toMatchObject({ method: 'nights-mean', note: 'a night without its baseline p50' });
    }
    expect(predictTonight(withSpeeds(() => 190), { taxUs: 700, speedUs: 190 }, 0.99)).toMatchObject({ method: 'nights-mean', note: 'every night had the same baseline p50' });
  });

  it('a speed past the nights\' reach (their range widened by half its width) is not adjusted for; one at either end of the reach is', () => {
    const below = predictTonight(withSpeeds(), { taxUs: 700, speedUs: 149.6 }, 0.99)!;
    expect(below).toMatchObject({ method: 'nights-mean', note: "tonight's baseline p50, 150 µs, lies outside the 150–230 µs the nights' 170–210 µs reach (a change of the app or machine is not explained away)" });
    expect(below.predictedTaxUs).toBeCloseTo(615, 9);
    expect(predictTonight(withSpeeds(), { taxUs: 700, speedUs: 230.4 }, 0.99)!.method).toBe('nights-mean');
    for (const speedUs of [150, 170, 210, 215, 230]) expect(predictTonight(withSpeeds(), { taxUs: 700, speedUs }, 0.99)).toMatchObject({ method: 'speed-adjusted', note: null, df: 6 });
  });

  it('tonight\'s own variance is added only when tonight\'s SE and every night\'s SE are known', () => {
    const precise = (se: (i: number) => number | null | undefined): Night[] => taxes.map((taxUs, i) => ({ taxUs, speedUs: null, seUs: se(i), rounds: 8 }));
    // known everywhere: widened (see the by-hand test)
    expect(predictTonight(precise(() => 10), { taxUs: 700, speedUs: null, seUs: 30, rounds: 6 }, 0.99)!.sdUs).toBeCloseTo(38.405729, 5);
    for (const unknown of [null, undefined, Number.NaN]) {
      // one night without an SE: the nights' mean variance is not known, so nothing is added
      const oneNight = predictTonight(precise((i) => (i === 5 ? unknown : 1)), { taxUs: 700, speedUs: null, seUs: 30, rounds: 6 }, 0.99)!;
      expect(oneNight).toMatchObject({ df: 7 });
      expect(oneNight.sdUs).toBeCloseTo(PLAIN_SD_US, 5);
      // tonight without one: nothing to add
      const noTonight = predictTonight(precise(() => 1), { taxUs: 700, speedUs: null, seUs: unknown, rounds: 6 }, 0.99)!;
      expect(noTonight).toMatchObject({ df: 7 });
      expect(noTonight.sdUs).toBeCloseTo(PLAIN_SD_US, 5);
    }
  });
});
