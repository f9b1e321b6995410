// cgroup v2 node cgroups, on a temp dir laid out like /sys/fs/cgroup: controllers enabled on the
// way down, cpuset.cpus and cpu.max on the leaf, join, and removal that kills leftovers.
import { access, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeCgroup } from './cgroups.js';
import { fixtureCgroupFs, testContext, v2Fixture } from './testing/processes.js';

const read = (path: string): Promise<string> => readFile(path, 'utf8');
const exists = (path: string): Promise<boolean> => access(path).then(() => true, () => false);
const roots: string[] = [];
afterEach(async () => {
  for (const r of roots.splice(0)) await rm(r, { recursive: true, force: true });
});

describe('cgroup v2 node cgroup (fixture tree)', () => {
  it('enables cpu and cpuset from the root down, then writes cpuset.cpus and cpu.max', async () => {
    const root = await v2Fixture();
    roots.push(root);
    const ctx = testContext('cgv2');
    const fs = fixtureCgroupFs();
    const cg = await createNodeCgroup(ctx, 'shared-core/server', { cpus: '1', quotaPct: 60, hierarchies: { version: 'v2', root }, fs });

    const run = join(root, 'meshtax', ctx.runId);
    expect(cg.path).toBe(`/meshtax/${ctx.runId}/shared-core/server`);
    expect(cg.cpuStatPath).toBe(join(run, 'shared-core/server/cpu.stat'));
    expect(cg.procsFiles).toEqual([join(run, 'shared-core/server/cgroup.procs')]);
    expect(await read(join(root, 'cgroup.subtree_control'))).toBe('+cpu +cpuset'); // memory, pids were there already
    for (const dir of [join(root, 'meshtax'), run, join(run, 'shared-core')]) {
      expect(await read(join(dir, 'cgroup.subtree_control'))).toBe('+cpu +cpuset');
    }
    expect(await read(join(run, 'shared-core/server/cpuset.cpus'))).toBe('1\n');
    expect(await read(join(run, 'shared-core/server/cpu.max'))).toBe('60000 100000\n');

    await cg.join(4242);
    expect(await read(cg.procsFiles[0]!)).toBe('4242\n');
    await writeFile(cg.procsFiles[0]!, '');
    expect(await ctx.unwind()).toEqual([]);
    expect(await exists(join(root, 'meshtax'))).toBe(false);
  });

  it('writes only the controllers a parent still lacks; no quota is "max"; no CPUs needs no cpuset', async () => {
    const root = await v2Fixture('cpu io memory pids', 'cpu memory');
    roots.push(root);
    const ctx = testContext('cgv2');
    const cg = await createNodeCgroup(ctx, 'dedicated/client', { hierarchies: { version: 'v2', root }, fs: fixtureCgroupFs() });
    expect(await read(join(root, 'cgroup.subtree_control'))).toBe('cpu memory\n'); // untouched: cpu already on
    expect(await read(join(cg.dirs[0]!, 'cpu.max'))).toBe('max 100000\n');
    expect(await exists(join(cg.dirs[0]!, 'cpuset.cpus'))).toBe(false);
    await ctx.unwind();
  });

  it('says which controller the root does not offer', async () => {
    const root = await v2Fixture('io memory pids');
    roots.push(root);
    const ctx = testContext('cgv2');
    await expect(createNodeCgroup(ctx, 'x/server', { cpus: '0', hierarchies: { version: 'v2', root }, fs: fixtureCgroupFs() })).rejects.toThrow(
      /does not offer the cpu and cpuset controllers/,
    );
    await ctx.unwind();
  });

  it('removal kills what is left inside, and keeps parents another node still uses', async () => {
    const root = await v2Fixture();
    roots.push(root);
    const ctx = testContext('cgv2');
    const fs = fixtureCgroupFs();
    const h = { version: 'v2' as const, root };
    const client = await createNodeCgroup(ctx, 'p/client', { cpus: '0', hierarchies: h, fs });
    const server = await createNodeCgroup(ctx, 'p/server', { cpus: '1', hierarchies: h, fs });
    const straggler = execa('sleep', ['30'], { reject: false });
    await server.join(straggler.pid!);

    await server.remove();
    const result = await straggler;
    expect(result.signal).toBe('SIGKILL');
    expect(await exists(server.dirs[0]!)).toBe(false);
    expect(await exists(client.dirs[0]!)).toBe(true); // sibling and shared parents stay
    await client.remove();
    expect(await exists(join(root, 'meshtax'))).toBe(false);
    expect(await ctx.unwind()).toEqual([]); // idempotent
  });
});
