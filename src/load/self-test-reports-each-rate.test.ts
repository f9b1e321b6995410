import { afterEach, describe, expect, it } from 'vitest';
import { RunContext } from '../process/index.js';
import { loadAgentSelfTest } from './self-test.js';

let ctx: RunContext | undefined;
afterEach(async () => {
  await ctx?.unwind();
});

describe('the load agent self-test (doctor)', () => {
  it('drives a real app at each rate and says per rate whether the agent kept its schedule', async () => {
    ctx = new RunContext('self-test', 60_000);
    const steps = await loadAgentSelfTest(ctx, { rates: [100, 200], trialS: 0.4, maxLagP99Us: 1_000_000 });
    expect(steps.map((s) => s.rateRps)).toEqual([100, 200]);
    for (const s of steps) {
      expect(s.lagP99Us).not.toBeNull();
      expect(s.unsentPct).toBeGreaterThanOrEqual(0);
    }
    // With a lag limit no machine misses (1 s), every step keeps up unless requests were lost.
    expect(steps.every((s) => s.keepsUp === s.unsentPct < 1)).toBe(true);
  });

  it('calls a rate not kept when the lag limit is below any real lag', async () => {
    ctx = new RunContext('self-test', 60_000);
    const [step] = await loadAgentSelfTest(ctx, { rates: [200], trialS: 0.3, maxLagP99Us: -1 });
    expect(step?.keepsUp).toBe(false);
  });
});
