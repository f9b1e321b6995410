// Real (root): a process started through a node's wrapper is, under the pid execa reports, in the
// node's network namespace and cgroup and pinned to its CPUs; an IPC channel survives the wrapper.
import { readFile, stat } from 'node:fs/promises';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { cgroupPathOfPid } from '../../probes/index.js';
import { createNodeCgroup } from './cgroups.js';
import { createNodeNetwork } from './netns.js';
import { nodeWrapper } from './node-wrapper.js';
import { netnsOf, REAL_NODES_MISSING, REAL_NODES_NOTE, statusField, testContext } from './testing/processes.js';

describe.skipIf(REAL_NODES_MISSING !== undefined)(`node wrapper places the process${REAL_NODES_NOTE}`, () => {
  it('namespace, cgroup (every hierarchy) and CPUs of the final process', async () => {
    const ctx = testContext('wrap');
    try {
      const network = await createNodeNetwork(ctx, ctx.runId, { profile: 'p' });
      const cg = await createNodeCgroup(ctx, 'p/server', { cpus: '1', quotaPct: 80 });
      const wrap = nodeWrapper({ netns: network.server.netns, cgroupProcs: cg.procsFiles, cpus: '1' });
      const { file, args } = wrap('sleep', ['20']);
      const child = execa(file, args, { reject: false, timeout: 20_000 });
      try {
        const pid = child.pid!;
        // Wait for the exec chain to reach `sleep`.
        for (let i = 0; i < 100 && (await readFile(`/proc/${pid}/comm`, 'utf8')).trim() !== 'sleep'; i++) await new Promise((r) => setTimeout(r, 20));
        expect((await readFile(`/proc/${pid}/comm`, 'utf8')).trim()).toBe('sleep');

        const nsInode = (await stat(`/run/netns/${network.server.netns}`)).ino;
        expect(await netnsOf(pid)).toBe(`net:[${nsInode}]`);
        expect(await netnsOf(pid)).not.toBe(await netnsOf(process.pid));

        const procCgroup = await readFile(`/proc/${pid}/cgroup`, 'utf8');
        if (cg.version === 'v1') {
          for (const controller of ['cpu', 'cpuacct', 'cpuset']) expect(procCgroup).toMatch(new RegExp(`^\\d+:${controller}:${cg.path}$`, 'm'));
        } else {
          expect(procCgroup).toMatch(new RegExp(`^0::${cg.path}$`, 'm'));
        }
        expect(await cgroupPathOfPid(pid)).toBe(cg.path); // what the throttling probe will find
        expect(await cg.pids()).toEqual([pid]);
        expect(await statusField(pid, 'Cpus_allowed_list')).toBe('1');
      } finally {
        child.kill('SIGKILL');
        await child;
      }
    } finally {
      expect(await ctx.unwind()).toEqual([]);
    }
  });

  it('an execa IPC channel (the load agent talks over one) works through the wrapper', async () => {
    const ctx = testContext('wrap-ipc');
    try {
      const network = await createNodeNetwork(ctx, ctx.runId, { profile: 'p' });
      const cg = await createNodeCgroup(ctx, 'p/client', { cpus: '0' });
      const { file, args } = nodeWrapper({ netns: network.client.netns, cgroupProcs: cg.procsFiles, cpus: '0' })(process.execPath, [
        '-e',
        "process.once('message', (m) => { process.send({ echo: m }); process.disconnect(); })",
      ]);
      const child = execa(file, args, { ipc: true, timeout: 10_000 });
      await child.sendMessage('hello');
      expect(await child.getOneMessage()).toEqual({ echo: 'hello' });
      await child;
    } finally {
      expect(await ctx.unwind()).toEqual([]);
    }
  });
});
