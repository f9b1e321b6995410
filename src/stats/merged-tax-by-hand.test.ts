import { describe, expect, it } from 'vitest';
import { MergedTax } from './merged-tax.js';
import { spectrumFromCounts } from './spectrum.js';

// Three rounds of one request per side (baseline 100/110/120 µs, mesh 300/330/360 µs): every
// re-merge can be worked by hand, and the 27 equally likely bootstrap draws enumerated (reference
// distributions from a separate enumeration of the draws and the jackknife of each).
const round = (r: number, baselineUs: number, meshUs: number) => ({ round: r, baseline: spectrumFromCounts([[baselineUs, 1]]), mesh: spectrumFromCounts([[meshUs, 1]]) });
const engine = () => new MergedTax([round(0, 100, 300), round(1, 110, 330), round(2, 120, 360)], [50, 100]);

/** Share of each value in `xs` (to 9 decimals: 1.5 may come out as 1.5000000000000002). */
function shares(xs: Float64Array): Map<number, number> {
  const m = new Map<number, number>();
  for (const x of xs) {
    const key = Number.isFinite(x) ? Number(x.toFixed(9)) : x;
    m.set(key, (m.get(key) ?? 0) + 1 / xs.length);
  }
  return m;
}

describe('merged taxes', () => {
  it('read each side’s percentile from the merged counts: p50 330 − 110, p100 360 − 120', () => {
    const f = engine().figures();
    expect(Array.from(f.baselineUs)).toEqual([110, 120]);
    expect(Array.from(f.meshUs)).toEqual([330, 360]);
    expect(Array.from(f.taxUs)).toEqual([220, 240]);
  });

  it('count a round as often as its weight, and none without weight', () => {
    const f = engine().weighted(Float64Array.of(2, 0, 1));
    expect(Array.from(f.baselineUs)).toEqual([100, 120]);
    expect(Array.from(f.taxUs)).toEqual([200, 240]);
    expect(Array.from(engine().weighted(Float64Array.of(0, 1, 0)).taxUs)).toEqual([220, 220]);
    expect(Array.from(engine().weighted(Float64Array.of(0, 0, 0)).taxUs).every(Number.isNaN)).toBe(true);
  });

  it('leave one round out at a time for the jackknife', () => {
    const [p50, p100] = engine().jackknifeTaxes();
    expect(Array.from(p50!)).toEqual([220, 200, 200]);
    expect(Array.from(p100!)).toEqual([240, 240, 220]);
  });

  it('resample whole rounds with replacement: each of the 27 draws equally likely', () => {
    const [p50, p100] = engine().bootstrapTaxes(3000, 11);
    expect(p50).toHaveLength(3000);
    // p50: 200 in 7 of 27 draws, 220 in 13, 240 in 7; p100: 200 in 1, 220 in 7, 240 in 19
    const s50 = shares(p50!);
    expect(s50.get(200)).toBeCloseTo(7 / 27, 1);
    expect(s50.get(220)).toBeCloseTo(13 / 27, 1);
    expect(s50.get(240)).toBeCloseTo(7 / 27, 1);
    const s100 = shares(p100!);
    expect(s100.get(200)).toBeCloseTo(1 / 27, 1);
    expect(s100.get(240)).toBeCloseTo(19 / 27, 1);
    expect(engine().bootstrapTaxes(50, 11)).toEqual(engine().bootstrapTaxes(50, 11));
  });

  it('studentize each draw by its own jackknife SE (±∞ where that SE is 0 and the draw differs)', () => {
    const [p50, p100] = engine().studentizedTaxes(3000, 12, Float64Array.of(220, 240));
    const s50 = shares(p50!);
    expect(s50.get(-Infinity)).toBeCloseTo(7 / 27, 1);
    expect(s50.get(0)).toBeCloseTo(13 / 27, 1);
    expect(s50.get(0.75)).toBeCloseTo(3 / 27, 1);
    expect(s50.get(1.5)).toBeCloseTo(3 / 27, 1);
    expect(s50.get(Infinity)).toBeCloseTo(1 / 27, 1);
    const s100 = shares(p100!);
    expect([...s100.keys()].sort((a, b) => a - b)).toEqual([-Infinity, -1.5, 0]);
    expect(s100.get(0)).toBeCloseTo(19 / 27, 1);
    expect(s100.get(-1.5)).toBeCloseTo(3 / 27, 1);
  });

  it('of a single round are that round whatever is drawn', () => {
    const one = new MergedTax([round(0, 100, 300)], [50]);
    expect(Array.from(one.bootstrapTaxes(20, 3)[0]!)).toEqual(Array(20).fill(200));
    expect(Array.from(one.studentizedTaxes(5, 3, Float64Array.of(200))[0]!)).toEqual([0, 0, 0, 0, 0]);
  });
});
