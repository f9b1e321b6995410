// cgroup v1 node cgroups, on a temp dir with cpu, cpuacct and cpuset "mounts": every cpuset level
// gets CPUs and memory nodes before the next exists, the leaf gets the node's CPUs and the quota.
import { access, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeCgroup } from './cgroups.js';
import { fixtureCgroupFs, testContext, v1Fixture } from './testing/processes.js';

const read = (path: string): Promise<string> => readFile(path, 'utf8');
const exists = (path: string): Promise<boolean> => access(path).then(() => true, () => false);
const bases: string[] = [];
afterEach(async () => {
  for (const b of bases.splice(0)) await rm(b, { recursive: true, force: true });
});

describe('cgroup v1 node cgroup (fixture tree)', () => {
  it('makes the same path in each hierarchy, cpuset levels first copy their parent, the leaf takes the node CPUs and quota', async () => {
    const f = await v1Fixture('0-1');
    bases.push(f.base);
    const ctx = testContext('cgv1');
    const cg = await createNodeCgroup(ctx, 'shared-core/server', {
      cpus: '1',
      quotaPct: 50,
      hierarchies: { version: 'v1', cpu: f.cpu, cpuacct: f.cpuacct, cpuset: f.cpuset },
      fs: fixtureCgroupFs(),
    });
    const rel = `meshtax/${ctx.runId}/shared-core/server`;
    expect(cg.path).toBe(`/${rel}`);
    expect(cg.dirs).toEqual([join(f.cpu, rel), join(f.cpuacct, rel), join(f.cpuset, rel)]);
    expect(cg.cpuStatPath).toBe(join(f.cpu, rel, 'cpu.stat'));
    for (const level of ['meshtax', `meshtax/${ctx.runId}`, `meshtax/${ctx.runId}/shared-core`]) {
      expect(await read(join(f.cpuset, level, 'cpuset.cpus'))).toBe('0-1\n');
      expect(await read(join(f.cpuset, level, 'cpuset.mems'))).toBe('0\n');
    }
    expect(await read(join(f.cpuset, rel, 'cpuset.cpus'))).toBe('1\n');
    expect(await read(join(f.cpuset, rel, 'cpuset.mems'))).toBe('0\n');
    expect(await read(join(f.cpu, rel, 'cpu.cfs_period_us'))).toBe('100000\n');
    expect(await read(join(f.cpu, rel, 'cpu.cfs_quota_us'))).toBe('50000\n');
    expect(await exists(join(f.cpuacct, rel, 'cpu.cfs_quota_us'))).toBe(false);

    await cg.join(4242);
    for (const file of cg.procsFiles) expect(await read(file)).toBe('4242\n');
    expect(await cg.pids()).toEqual([4242]); // fixture: not a live process, so removal below is not blocked
    expect(await ctx.unwind()).toEqual([]);
    for (const root of [f.cpu, f.cpuacct, f.cpuset]) expect(await exists(join(root, 'meshtax'))).toBe(false);
  });

  it('co-mounted cpu,cpuacct is one directory; no quota writes no quota files', async () => {
    const f = await v1Fixture('0-3');
    bases.push(f.base);
    const ctx = testContext('cgv1');
    const cg = await createNodeCgroup(ctx, 'dedicated/client', {
      cpus: '0',
      hierarchies: { version: 'v1', cpu: f.cpu, cpuacct: f.cpu, cpuset: f.cpuset },
      fs: fixtureCgroupFs(),
    });
    expect(cg.dirs).toHaveLength(2);
    expect(await exists(join(cg.dirs[0]!, 'cpu.cfs_quota_us'))).toBe(false);
    await ctx.unwind();
  });

  it('refuses node CPUs without a cpuset hierarchy, saying so', async () => {
    const f = await v1Fixture();
    bases.push(f.base);
    const ctx = testContext('cgv1');
    await expect(
      createNodeCgroup(ctx, 'p/server', { cpus: '1', hierarchies: { version: 'v1', cpu: f.cpu, cpuacct: null, cpuset: null }, fs: fixtureCgroupFs() }),
    ).rejects.toThrow(/cpuset controller is not mounted/);
  });
});
