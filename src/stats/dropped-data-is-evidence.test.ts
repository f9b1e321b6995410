import { describe, expect, it } from 'vitest';
import { binomialTwoSidedP, droppedTrials, verdictAfterDrops } from './dropped.js';
import { summarize } from './summarize.js';
import { dropTrials, plainScenario, randomSource, simulateTrials } from './testing/simulate.js';
import type { TrialSpectrum } from './round-spectra.js';

const opts = { percentiles: [50], budgetUs: 2000, resamples: 400 };

describe('dropped trials weigh on the verdict', () => {
  it('give no PASS when most trials were dropped (46 of 56), whatever the rest says', () => {
    const trials = simulateTrials(plainScenario({ trialSdUs: 5 }), { rounds: 14, requestsPerTrial: 1000 }, randomSource(2));
    // keep one baseline and one mesh trial in 5 rounds (10 trials); drop the other 46
    const keep = (t: TrialSpectrum) => t.round < 5 && t.slot === 0;
    const dropped = dropTrials(trials, trials.filter((t) => !keep(t)));
    const [row] = summarize({ trials: dropped, ...opts });
    expect(row!.rounds).toBe(5);
    expect(row!.ciUs[1]).toBeLessThan(2000);
    expect(row!.verdict).toBe('INCONCLUSIVE');
    expect(row!.flags).toContain('too-many-dropped:46/56');
  });

  it('give no PASS when the slower mesh trials were dropped (true tax 2100 µs over a 2000 µs budget)', () => {
    let passes = 0;
    for (let seed = 0; seed < 40; seed++) {
      const trials = simulateTrials(plainScenario({ taxUs: 2100, trialSdUs: 150 }), { rounds: 14, requestsPerTrial: 300 }, randomSource(seed));
      const mesh = trials.filter((t) => t.variant === 'mesh').sort((a, b) => median(b) - median(a));
      const [row] = summarize({ trials: dropTrials(trials, mesh.slice(0, 7)), ...opts, resamples: 200 });
      if (row!.verdict === 'PASS') passes++;
      expect(row!.flags).toContain('dropped-one-sided:mesh:7/0');
    }
    expect(passes).toBe(0);
  });

  it('say which side the drops fell on only when chance cannot explain it', () => {
    const trials = (mesh: number, baseline: number) => [
      ...Array.from({ length: 28 }, (_, i) => ({ variant: 'mesh' as const, valid: i >= mesh })),
      ...Array.from({ length: 28 }, (_, i) => ({ variant: 'baseline' as const, valid: i >= baseline })),
    ];
    expect(droppedTrials(trials(3, 0)).oneSided).toBeNull();
    expect(droppedTrials(trials(6, 0)).oneSided).toBe('mesh');
    expect(droppedTrials(trials(1, 8)).oneSided).toBe('baseline');
    expect(droppedTrials(trials(5, 4)).oneSided).toBeNull();
  });

  it('withhold the verdict the drops could have flattered', () => {
    const drops = (droppedMesh: number, droppedBaseline: number) => droppedTrials([
      ...Array.from({ length: 28 }, (_, i) => ({ variant: 'mesh' as const, valid: i >= droppedMesh })),
      ...Array.from({ length: 28 }, (_, i) => ({ variant: 'baseline' as const, valid: i >= droppedBaseline })),
    ]);
    expect(verdictAfterDrops('PASS', drops(7, 0)).verdict).toBe('INCONCLUSIVE');
    expect(verdictAfterDrops('FAIL', drops(7, 0)).verdict).toBe('FAIL');
    expect(verdictAfterDrops('FAIL', drops(0, 7)).verdict).toBe('INCONCLUSIVE');
    expect(verdictAfterDrops('PASS', drops(0, 7)).verdict).toBe('PASS');
    expect(verdictAfterDrops('PASS', drops(5, 5)).verdict).toBe('PASS');
    expect(verdictAfterDrops('PASS', drops(5, 5)).withheld).toBeNull();
    // 12 of 56 is over 20%: no PASS; a FAIL stands
    expect(verdictAfterDrops('PASS', drops(6, 7)).verdict).toBe('INCONCLUSIVE');
    expect(verdictAfterDrops('FAIL', drops(6, 7)).verdict).toBe('FAIL');
  });

  it('binomial split p-values match R (binom.test)', () => {
    expect(binomialTwoSidedP(6, 6, 0.5)).toBeCloseTo(0.03125, 10);
    expect(binomialTwoSidedP(3, 3, 0.5)).toBeCloseTo(0.25, 10);
    expect(binomialTwoSidedP(2, 10, 0.5)).toBeCloseTo(0.109375, 10);
  });
});

function median(t: TrialSpectrum): number {
  const total = t.latency!.counts.reduce((a, b) => a + b, 0);
  let c = 0;
  for (let i = 0; i < t.latency!.counts.length; i++) if ((c += t.latency!.counts[i]!) >= total / 2) return t.latency!.valuesUs[i]!;
  return Number.NaN;
}
