// Real (root): the noisy neighbour burns about its duty cycle on its CPU, inside its cgroup, and
// ends with the run; a burner whose parent dies ends on its own.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { createNodeCgroup } from './cgroups.js';
import { burnerCommand, startNoisyNeighbour } from './neighbour.js';
import { nodeWrapper } from './node-wrapper.js';
import { processAlive, sleep } from './system.js';
import { cpuTimeMs, REAL_NODES_MISSING, REAL_NODES_NOTE, statusField, testContext } from './testing/processes.js';

describe.skipIf(REAL_NODES_MISSING !== undefined)(`noisy neighbour${REAL_NODES_NOTE}`, () => {
  it('burns part of CPU 0 (40 % duty) from its cgroup, and is gone after unwind', async () => {
    const ctx = testContext('neighbour');
    let pids: readonly number[] = [];
    try {
      const cg = await createNodeCgroup(ctx, 'shared-core/neighbour', { cpus: '0' });
      const neighbour = startNoisyNeighbour(ctx, { name: 'test', wrap: nodeWrapper({ cgroupProcs: cg.procsFiles, cpus: '0' }) }, { dutyPct: 40, cpus: '0' });
      pids = neighbour.pids;
      expect(pids).toHaveLength(1);
      const pid = pids[0]!;
      await sleep(1_000); // past node + tsx start-up
      expect(await statusField(pid, 'Cpus_allowed_list')).toBe('0');
      expect(await cg.pids()).toContain(pid); // a short-lived helper of the wrapper may still be listed
      const t0 = performance.now();
      const c0 = await cpuTimeMs(pid);
      await sleep(1_500);
      const dutyPct = ((await cpuTimeMs(pid)) - c0) / (performance.now() - t0) * 100;
      // Behaviour, not speed: it burns, and it is not a full spin. Loose because other work on a
      // shared 2-CPU machine preempts it (alone on CPU 0 it measured 38%).
      expect(dutyPct).toBeGreaterThan(5);
      expect(dutyPct).toBeLessThan(70);
    } finally {
      expect(await ctx.unwind()).toEqual([]);
    }
    expect(pids.filter(processAlive)).toEqual([]);
  });

  it('0 % starts nothing', () => {
    const ctx = testContext('neighbour0');
    expect(startNoisyNeighbour(ctx, { name: 'idle', wrap: nodeWrapper({}) }, { dutyPct: 0, cpus: '0-1' }).pids).toEqual([]);
  });

  it('a burner whose parent is killed ends by itself', async () => {
    const { file, args } = burnerCommand(10, 0, 60);
    // A shell starts the burner in the background, becomes `sleep`, and is then killed: the burner is re-parented.
    const shell = execa('sh', ['-c', `"$@" >/dev/null 2>&1 & echo $!; exec sleep 30`, 'sh', file, ...args], { reject: false, timeout: 20_000 });
    const pid = await new Promise<number>((resolve) => shell.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
    try {
      await sleep(1_500); // the burner is running its loop
      expect(processAlive(pid)).toBe(true);
      shell.kill('SIGKILL');
      await shell;
      // It checks its parent every period; on a saturated machine that check can come late.
      const deadline = Date.now() + 20_000;
      while (processAlive(pid) && Date.now() < deadline) await sleep(50);
      expect(processAlive(pid)).toBe(false);
    } finally {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone, as it should be
      }
    }
  }, 40_000);
});
