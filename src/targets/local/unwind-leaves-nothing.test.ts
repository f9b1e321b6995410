// Real (root): after ctx.unwind() nothing of the run is left — no namespace, veth, cgroup or
// process — even when processes were started in the nodes without registering their own teardown.
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { detectCgroupHierarchies } from './cgroups.js';
import { leftovers } from './leftovers.js';
import { listNetns } from './netns.js';
import { nodesForProfile } from './nodes.js';
import { processAlive, runTool, sleep } from './system.js';
import { REAL_NODES_MISSING, REAL_NODES_NOTE, testContext } from './testing/processes.js';

describe.skipIf(REAL_NODES_MISSING !== undefined)(`unwind leaves nothing${REAL_NODES_NOTE}`, () => {
  it('kills stray processes in the nodes, deletes namespaces, veths and cgroups', async () => {
    const ctx = testContext('unwind');
    const nodes = await nodesForProfile(ctx, ctx.runId, 'shared-core', { kind: 'shared-core', quotaPct: 80, neighbourDutyPct: 5 }, { hostCpus: '0-1' });
    expect(nodes.fidelity.level).toBe('full');
    // Strays: started through the wrappers but never registered with the run (as if their owner crashed).
    const strays = [nodes.client, nodes.server].map((node) => {
      const { file, args } = node.wrap('sleep', ['60']);
      return execa(file, args, { reject: false, timeout: 60_000 });
    });
    await sleep(200);
    const before = await leftovers(ctx.runId);
    expect(before.namespaces).toHaveLength(2);
    expect(before.veths).toHaveLength(2);
    expect(before.cgroups.length).toBeGreaterThan(0);
    for (const s of strays) expect(before.pids).toContain(s.pid);

    expect(await ctx.unwind()).toEqual([]);
    for (const s of strays) expect((await s).signal).toBe('SIGKILL');

    expect(await leftovers(ctx.runId)).toEqual({ namespaces: [], veths: [], cgroups: [], pids: [] });
    const netns = await listNetns();
    expect(netns.filter((ns) => ns === nodes.network!.client.netns || ns === nodes.network!.server.netns)).toEqual([]);
    expect(await runTool('ip', ['-o', 'link', 'show'])).not.toContain(nodes.network!.names.setTag);
    const h = await detectCgroupHierarchies();
    const roots = h!.version === 'v2' ? [h!.root] : [h!.cpu, h!.cpuset!];
    for (const root of roots) expect(await access(join(root, 'meshtax', ctx.runId)).then(() => true, () => false)).toBe(false);
    for (const pid of [...strays.map((s) => s.pid!), ...nodes.neighbour!.pids]) expect(processAlive(pid)).toBe(false);
  });
});
