// The node wrapper: cgroup join, then namespace, then CPUs, each exec'ing the next (one pid).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { JOIN_CGROUP_SCRIPT, nodeWrapper } from './node-wrapper.js';

describe('nodeWrapper', () => {
  it('composes sh (cgroup join) → ip netns exec → taskset → command', () => {
    const wrap = nodeWrapper({ netns: 'mtx-abc-12-server', cgroupProcs: ['/cg/cpu/x/cgroup.procs', '/cg/cpuset/x/cgroup.procs'], cpus: '1' });
    expect(wrap('envoy', ['-c', 'a b.yaml'])).toEqual({
      file: 'sh',
      args: ['-c', JOIN_CGROUP_SCRIPT, 'sh', '2', '/cg/cpu/x/cgroup.procs', '/cg/cpuset/x/cgroup.procs', 'ip', 'netns', 'exec', 'mtx-abc-12-server', 'taskset', '-c', '1', 'envoy', '-c', 'a b.yaml'],
    });
    expect(nodeWrapper({ cpus: '0' })('x', [])).toEqual({ file: 'taskset', args: ['-c', '0', 'x'] });
    expect(nodeWrapper({})('x', ['y'])).toEqual({ file: 'x', args: ['y'] });
  });

  it('the pid written to the cgroup is the pid of the final command, and arguments arrive intact', async () => {
    const dir = await mkdtemp(join(os.tmpdir(), 'mtx-wrap-'));
    try {
      const procs = [join(dir, 'a.procs'), join(dir, 'b procs')];
      for (const p of procs) await writeFile(p, '');
      const { file, args } = nodeWrapper({ cgroupProcs: procs })(process.execPath, ['-e', 'console.log(JSON.stringify([process.pid, ...process.argv.slice(1)]))', "it's", 'a "b" $c', '']);
      const child = execa(file, args, { timeout: 10_000 });
      const result = await child;
      const [pid, ...rest] = JSON.parse(result.stdout) as [number, ...string[]];
      expect(pid).toBe(child.pid);
      expect(rest).toEqual(["it's", 'a "b" $c', '']);
      for (const p of procs) expect((await readFile(p, 'utf8')).trim()).toBe(String(child.pid));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('does not run the command when joining the cgroup fails', async () => {
    const { file, args } = nodeWrapper({ cgroupProcs: ['/nonexistent/dir/cgroup.procs'] })('echo', ['ran']);
    const result = await execa(file, args, { reject: false, timeout: 10_000 });
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout).not.toContain('ran');
  });
});
