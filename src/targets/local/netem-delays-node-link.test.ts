// netem on the node link (root + a kernel with sch_netem): a round trip between the nodes takes at
// least twice the one-way delay; the harness's host link is not delayed.
import { describe, expect, it } from 'vitest';
import { createNodeNetwork, netemAvailable } from './netns.js';
import { nodeWrapper } from './node-wrapper.js';
import { REAL_NODES_MISSING, roundTrips, startEcho, testContext } from './testing/processes.js';

const netem = REAL_NODES_MISSING === undefined ? await netemAvailable() : { ok: false as const, reason: REAL_NODES_MISSING };
const note = netem.ok ? '' : ` (skipped: ${netem.reason})`;

describe.skipIf(!netem.ok)(`netem link delay${note}`, () => {
  it('adds the configured delay in each direction', async () => {
    const delayMs = 5;
    const ctx = testContext('netem');
    try {
      const network = await createNodeNetwork(ctx, ctx.runId, { linkDelayMs: delayMs, linkJitterMs: 0 });
      expect(network.linkDelay).toMatchObject({ delayMs, applied: true });
      const echo = await startEcho(ctx, nodeWrapper({ netns: network.server.netns }), network.server.address);
      const { rttMs } = await roundTrips(nodeWrapper({ netns: network.client.netns }), network.server.address, echo.port, 5);
      expect(Math.min(...rttMs)).toBeGreaterThanOrEqual(2 * delayMs * 0.95);
      expect(Math.min(...rttMs)).toBeLessThan(2 * delayMs + 20);
    } finally {
      expect(await ctx.unwind()).toEqual([]);
    }
  });
});

describe.skipIf(netem.ok || REAL_NODES_MISSING !== undefined)(`without netem${netem.ok ? '' : ' (this kernel)'}`, () => {
  it('fails with what to do, or records the problem when asked to', async () => {
    const ctx = testContext('nonetem');
    try {
      await expect(createNodeNetwork(ctx, ctx.runId, { linkDelayMs: 1, profile: 'a' })).rejects.toThrow(/netem/);
      const network = await createNodeNetwork(ctx, ctx.runId, { linkDelayMs: 1, profile: 'b', onNetemMissing: 'record' });
      expect(network.linkDelay.applied).toBe(false);
      expect(network.linkDelay.problem).toMatch(/netem/);
    } finally {
      expect(await ctx.unwind()).toEqual([]);
    }
  });
});
