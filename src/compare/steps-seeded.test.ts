import { describe, expect, it } from 'vitest';
import { gaussian } from '../testing/synthetic-run.js';
import { DEFAULT_CHANGE_POINT_OPTIONS } from './change-points.js';
import { stepsUp, type StepSeries } from './steps.js';

// The shuffles behind a step's p-value are seeded: the default seed when none is given, another
// seed another draw of shuffles (so another p-value for a step that is not overwhelming).
const normal = gaussian(17);
const series: StepSeries = { points: Array.from({ length: 30 }, (_, i) => ({ taxUs: 300 + (i >= 25 ? 30 : 0) + normal(15), runId: `n${i}` })) };
const regression = { minEffectUs: 0, minEffectPct: 0 };

describe('a step search', () => {
  it('shuffles with the change-point default seed unless given one', () => {
    const unseeded = stepsUp([series], { regression, recent: 7 });
    expect(unseeded).toHaveLength(1);
    expect(stepsUp([series], { regression, recent: 7, seed: DEFAULT_CHANGE_POINT_OPTIONS.seed })).toEqual(unseeded);
    const other = stepsUp([series], { regression, recent: 7, seed: 12345 });
    expect(other.map((s) => s.changePoint.pValue)).not.toEqual(unseeded.map((s) => s.changePoint.pValue));
  });
});
