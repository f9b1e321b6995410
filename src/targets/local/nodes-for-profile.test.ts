// Real (root): nodesForProfile builds dedicated and shared-core node sets side by side in one run,
// with the CPU plan, quota and neighbour enforced where the record says, and a loopback fallback
// that says it is reduced.
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { cgroupPathOfPid } from '../../probes/index.js';
import { leftovers } from './leftovers.js';
import { runNsPrefix } from './names.js';
import { netnsPids } from './netns.js';
import { nodesForProfile } from './nodes.js';
import { processAlive, sleep } from './system.js';
import { REAL_NODES_MISSING, REAL_NODES_NOTE, roundTrips, startEcho, statusField, testContext } from './testing/processes.js';

const exists = (path: string): Promise<boolean> => access(path).then(() => true, () => false);

describe.skipIf(REAL_NODES_MISSING !== undefined)(`nodesForProfile${REAL_NODES_NOTE}`, () => {
  it('dedicated and shared-core side by side: namespaces, cgroups, quota and neighbour where planned', async () => {
    const ctx = testContext('profiles');
    let neighbourPids: readonly number[] = [];
    try {
      const dedicated = await nodesForProfile(ctx, ctx.runId, 'dedicated', { kind: 'dedicated' }, { hostCpus: '0-1' });
      const shared = await nodesForProfile(ctx, ctx.runId, 'shared-core', { kind: 'shared-core', quotaPct: 50, neighbourDutyPct: 30 }, { hostCpus: '0-1' });

      expect(dedicated.fidelity.level).toBe('full');
      expect(dedicated.fidelity.reason).toContain(dedicated.network!.client.netns);
      expect(dedicated.client).toMatchObject({ name: 'client', cpus: '0', address: dedicated.network!.client.address });
      expect(dedicated.server).toMatchObject({ name: 'server', cpus: '1', address: dedicated.network!.server.address });
      expect(dedicated.neighbour).toBeUndefined();
      expect(dedicated.cgroups.neighbour).toBeUndefined();
      expect(dedicated.cgroups.server!.path).toBe(`/meshtax/${ctx.runId}/dedicated/server`);
      expect(await exists(dedicated.cgroups.server!.cpuStatPath)).toBe(true);
      if (dedicated.cgroups.server!.version === 'v1') {
        expect((await readFile(join(dedicated.cgroups.server!.cpuStatPath, '../cpu.cfs_quota_us'), 'utf8')).trim()).toBe('-1');
      }

      expect(shared.fidelity.level).toBe('full');
      expect(shared.fidelity.reason).toMatch(/CFS quota 50%.*noisy neighbour 30% on CPUs 1/);
      expect(shared.network!.client.netns).not.toBe(dedicated.network!.client.netns);
      expect(shared.cgroups.server!.quotaPct).toBe(50);
      if (shared.cgroups.server!.version === 'v1') {
        expect((await readFile(join(shared.cgroups.server!.cpuStatPath, '../cpu.cfs_quota_us'), 'utf8')).trim()).toBe('50000');
      } else {
        expect((await readFile(join(shared.cgroups.server!.cpuStatPath, '../cpu.max'), 'utf8')).trim()).toBe('50000 100000');
      }
      neighbourPids = shared.neighbour!.pids;
      expect(neighbourPids).toHaveLength(1);
      const burner = neighbourPids[0]!;
      // The wrapper's shell joins the cgroup a moment after spawn; wait for the exec chain to reach node.
      for (let i = 0; i < 100 && (await readFile(`/proc/${burner}/comm`, 'utf8')).trim() !== 'node'; i++) await sleep(20);
      expect(await cgroupPathOfPid(burner)).toBe(shared.cgroups.neighbour!.path);
      expect(await statusField(burner, 'Cpus_allowed_list')).toBe('1');
      expect(await netnsPids(shared.network!.server.netns)).toContain(burner);

      // Each node set carries traffic on its own; ports inside a namespace come from a counter.
      const port = await shared.portFor('server');
      expect(await shared.portFor('server')).toBe(port + 1);
      const echo = await startEcho(ctx, shared.server.wrap, shared.server.address);
      expect(await cgroupPathOfPid(echo.pid)).toBe(shared.cgroups.server!.path);
      expect((await roundTrips(shared.client.wrap, shared.server.address, echo.port, 2)).rttMs).toHaveLength(2);
    } finally {
      expect(await ctx.unwind()).toEqual([]);
    }
    expect(await leftovers(ctx.runId)).toEqual({ namespaces: [], veths: [], cgroups: [], pids: [] });
    expect(neighbourPids.filter(processAlive)).toEqual([]);
  });

  it('falls back to loopback with a reason, still pinning and crowding the server node', async () => {
    const ctx = testContext('loopback');
    try {
      const nodes = await nodesForProfile(ctx, ctx.runId, 'shared-core', { kind: 'shared-core', neighbourDutyPct: 10 }, { hostCpus: '0-1', forceLoopback: 'asked for loopback', linkDelayMs: 3 });
      expect(nodes.fidelity.level).toBe('reduced');
      expect(nodes.fidelity.reason).toMatch(/asked for loopback: nodes run on loopback.*60% CFS quota is NOT applied.*link delay is NOT applied/);
      expect(nodes.network).toBeUndefined();
      expect(nodes.cgroups).toEqual({});
      expect(nodes.server).toMatchObject({ address: '127.0.0.1', cpus: '1' });
      expect(nodes.client.wrap('x', ['y'])).toEqual({ file: 'taskset', args: ['-c', '0', 'x', 'y'] });
      expect(nodes.neighbour!.pids).toHaveLength(1);
      expect(await nodes.portFor('server')).toBeGreaterThan(0);
      const { stdout } = await execa('ip', ['netns', 'list']);
      expect(stdout).not.toContain(runNsPrefix(ctx.runId)); // nothing namespaced was made
    } finally {
      expect(await ctx.unwind()).toEqual([]);
    }
  });
});
