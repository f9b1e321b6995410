import { describe, expect, it } from 'vitest';
import { roundTaxes } from './round-taxes.js';
import { invalidate, syntheticRun } from '../testing/synthetic-run.js';
import type { TrialSample } from './types.js';

describe('roundTaxes with incomplete rounds', () => {
  const run = syntheticRun({ rounds: 4, seed: 9 });

  it('drops a round whose mesh trials are both invalid, and one missing baseline entirely', () => {
    const samples = invalidate(run, [
      { round: 1, variant: 'mesh', slot: 0 },
      { round: 1, variant: 'mesh', slot: 1 },
    ]).filter((s) => !(s.round === 2 && s.variant === 'baseline'));
    expect(roundTaxes(samples, 50).map((t) => t.round)).toEqual([0, 3]);
  });

  it('returns rounds in ascending order whatever the input order', () => {
    expect(roundTaxes([...run].reverse(), 50).map((t) => t.round)).toEqual([0, 1, 2, 3]);
  });

  it('does not read the percentiles of an invalid trial', () => {
    const samples: TrialSample[] = run.map((s) =>
      s.round === 0 && s.variant === 'mesh' && s.slot === 1 ? { ...s, valid: false, percentilesUs: {} } : s,
    );
    expect(roundTaxes(samples, 50)).toHaveLength(4);
  });

  it('refuses a valid trial without the percentile', () => {
    const missing = run.map((s) => (s.round === 0 && s.slot === 0 ? { ...s, percentilesUs: {} } : s));
    expect(() => roundTaxes(missing, 50)).toThrow(/no finite p50/);
  });

  it('keeps a retried trial (the same slot measured again) beside the first attempt', () => {
    const retry = { ...run.find((s) => s.round === 0 && s.variant === 'mesh' && s.slot === 0)!, percentilesUs: { '50': 10_000 } };
    const first = run.find((s) => s.round === 0 && s.variant === 'mesh' && s.slot === 0)!;
    const invalidFirst = run.map((s) => (s === first ? { ...s, valid: false } : s));
    const [round0] = roundTaxes([...invalidFirst, retry], 50);
    const otherMesh = run.find((s) => s.round === 0 && s.variant === 'mesh' && s.slot === 1)!.percentilesUs['50']!;
    expect(round0!.meshUs).toBeCloseTo((10_000 + otherMesh) / 2, 9);
  });
});
