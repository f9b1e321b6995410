// Real namespaces (root): the node link carries TCP from the client node to the server node, the
// harness reaches the server node's address through its host link, and unwind removes it all.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { leftovers } from './leftovers.js';
import { createNodeNetwork, listNetns } from './netns.js';
import { nodeWrapper } from './node-wrapper.js';
import { runTool } from './system.js';
import { REAL_NODES_MISSING, REAL_NODES_NOTE, roundTrips, startEcho, testContext } from './testing/processes.js';

function echoFromHarness(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, host, () => s.write('ping'));
    s.setTimeout(3000, () => s.destroy(new Error('timed out')));
    s.on('data', (d) => {
      resolve(d.toString());
      s.destroy();
    });
    s.on('error', reject);
  });
}

describe.skipIf(REAL_NODES_MISSING !== undefined)(`node network${REAL_NODES_NOTE}`, () => {
  it('client node → server node over the veth; harness → server node over the host link; nothing left after unwind', async () => {
    const ctx = testContext('net');
    try {
      const network = await createNodeNetwork(ctx, ctx.runId, { profile: 'dedicated' });
      const { client, server, names } = network;

      expect(await listNetns()).toEqual(expect.arrayContaining([client.netns, server.netns]));
      const rootLinks = await runTool('ip', ['-o', 'link', 'show']);
      expect(rootLinks).toContain(`${names.clientHostLink}@`);
      expect(rootLinks).toContain(`${names.serverHostLink}@`);
      expect(await runTool('ip', ['-n', client.netns, '-o', 'addr', 'show', 'dev', client.linkDevice])).toContain(`${client.address}/30`);
      expect(await runTool('ip', ['-n', server.netns, '-o', 'addr', 'show', 'dev', server.linkDevice])).toContain(`${server.address}/30`);
      expect(await runTool('ip', ['-n', client.netns, '-o', 'link', 'show', 'dev', 'lo'])).toMatch(/UP/);

      const echo = await startEcho(ctx, nodeWrapper({ netns: server.netns }), server.address);
      const fromClient = await roundTrips(nodeWrapper({ netns: client.netns }), server.address, echo.port, 3);
      expect(fromClient.rttMs).toHaveLength(3);
      expect(await echoFromHarness(server.address, echo.port)).toBe('ping');
      // The client node reaches the server through the node link, not through the root namespace.
      expect(await runTool('ip', ['-n', client.netns, 'route', 'get', server.address])).toContain(`dev ${client.linkDevice}`);
    } finally {
      expect(await ctx.unwind()).toEqual([]);
    }
    expect(await leftovers(ctx.runId)).toEqual({ namespaces: [], veths: [], cgroups: [], pids: [] });
  });

  it('refuses a second network with the same run and profile, naming the namespace', async () => {
    const ctx = testContext('net-dup');
    try {
      await createNodeNetwork(ctx, ctx.runId, { profile: 'p' });
      await expect(createNodeNetwork(ctx, ctx.runId, { profile: 'p' })).rejects.toThrow(/already exists/);
      await createNodeNetwork(ctx, ctx.runId, { profile: 'q' }); // another profile of the same run coexists
    } finally {
      expect(await ctx.unwind()).toEqual([]);
    }
    expect(await leftovers(ctx.runId)).toEqual({ namespaces: [], veths: [], cgroups: [], pids: [] });
  });
});
