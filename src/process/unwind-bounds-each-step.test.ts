import { describe, expect, it } from 'vitest';
import { RunContext } from './run-context.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('unwind', () => {
  it('runs every step newest first, bounds each by its own timeout or the default, and reports the ones that ran over', async () => {
    const ctx = new RunContext('r', 1000);
    const order: string[] = [];
    ctx.defer('slow, with room', async () => { await sleep(60); order.push('slow, with room'); }, { timeoutMs: 500 });
    ctx.defer('slow, default bound', async () => { await sleep(60); order.push('slow, default bound'); });
    ctx.defer('quick', async () => { order.push('quick'); });
    const failures = await ctx.unwind(30);
    expect(failures).toEqual(['slow, default bound: slow, default bound did not finish within 30 ms']);
    expect(order.slice(0, 1)).toEqual(['quick']);
    expect(order).toContain('slow, with room');
  });

  it('refuses a step registered after it ran', async () => {
    const ctx = new RunContext('r', 1000);
    await ctx.unwind();
    expect(() => ctx.defer('late', async () => {})).toThrow(/already cleaned up; cannot register late/);
  });
});
