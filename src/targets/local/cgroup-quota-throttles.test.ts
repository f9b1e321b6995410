// Real (root): a CFS quota on a node cgroup throttles a busy loop (nr_throttled grows) and caps
// its CPU near the quota; cpu.stat is where the node layer says it is.
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parseCgroupV1CpuStat, parseCgroupV2CpuStat } from '../../probes/index.js';
import { createNodeCgroup } from './cgroups.js';
import { nodeWrapper } from './node-wrapper.js';
import { cpuTimeMs, REAL_NODES_MISSING, REAL_NODES_NOTE, testContext } from './testing/processes.js';

const BUSY = 'const end = Date.now() + Number(process.argv[1]); while (Date.now() < end) {} ';

describe.skipIf(REAL_NODES_MISSING !== undefined)(`CFS quota of a node cgroup${REAL_NODES_NOTE}`, () => {
  it('throttles a busy loop at 20 % of a CPU', async () => {
    const ctx = testContext('quota');
    try {
      const cg = await createNodeCgroup(ctx, 'shared-core/server', { cpus: '1', quotaPct: 20 });
      const parse = cg.version === 'v1' ? parseCgroupV1CpuStat : parseCgroupV2CpuStat;
      const before = parse(await readFile(cg.cpuStatPath, 'utf8'));
      const { file, args } = nodeWrapper({ cgroupProcs: cg.procsFiles, cpus: '1' })(process.execPath, ['-e', `${BUSY}; setTimeout(() => {}, 50)`, '1000']);
      const child = execa(file, args, { timeout: 20_000 });
      // CPU time of the loop over its last second of wall time: read right before it exits.
      await new Promise((r) => setTimeout(r, 900));
      const cpuMs = await cpuTimeMs(child.pid!).catch(() => Number.NaN);
      await child;
      const after = parse(await readFile(cg.cpuStatPath, 'utf8'));

      expect(after.nrThrottled! - before.nrThrottled!).toBeGreaterThan(0);
      expect(after.throttledUs! - before.throttledUs!).toBeGreaterThan(0);
      expect(after.nrPeriods! - before.nrPeriods!).toBeGreaterThan(5);
      // ≈ 20 ms per 100 ms, plus node's start-up; far below the 900 ms an unthrottled loop would use.
      expect(cpuMs).toBeLessThan(400);
    } finally {
      expect(await ctx.unwind()).toEqual([]);
    }
  });
});
