import { describe, expect, it } from 'vitest';
import { RegressionSchema } from '../config/index.js';
import { fixtureRecord } from '../testing/records.js';
import { renderTerminal } from './terminal.js';

// A verdict measured while the host stole a tenth of the CPU says more about the host than about
// the sidecars: the table must say so beside the figures, by the config's noise limits.
function withSteal(stealPctMean: number) {
  const record = fixtureRecord();
  return { ...record, probes: record.probes.map((p) => ({ ...p, stealPctMean, stealPctMax: stealPctMean })) };
}
const NO_OTHER_LIMITS = RegressionSchema.parse({
  noiseLimits: { maxStealPctMean: 5, maxStealPctMax: null, maxCpuPressurePct: null, maxThrottledPct: null, maxScheduleLagP99Us: null, maxInvalidTrialPct: null },
});

describe('the terminal table and a disturbed machine', () => {
  it('flags a level measured under 10.8% steal, and the verdict line points to it', () => {
    const text = renderTerminal(withSteal(10.8), NO_OTHER_LIMITS);
    expect(text).toMatch(/! disturbed machine: .*steal.*10\.8%.*re-run on a quiet machine/);
    expect(text.split('\n').at(-1)).toMatch(/^Verdict: .*Measured on a disturbed machine/);
  });

  it('says nothing of the kind under the limit', () => {
    const text = renderTerminal(withSteal(1), NO_OTHER_LIMITS);
    expect(text).not.toMatch(/disturbed machine/);
  });
});
