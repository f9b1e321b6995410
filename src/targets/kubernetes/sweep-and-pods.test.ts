import { describe, expect, it } from 'vitest';
import { cgroupNamesContainer } from './container-pids.js';
import { hopelessReason } from './pods.js';
import { ownerAlive } from './sweep.js';

describe('whose namespace may be swept', () => {
  it('spares a live run (this very process) and another host\'s run, and takes a dead pid\'s', async () => {
    const stat = (await import('node:fs')).readFileSync('/proc/self/stat', 'utf8');
    const ticks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
    expect(await ownerAlive({ host: 'here', pid: process.pid, pidStartTicks: ticks }, 'here')).toBe(true);
    expect(await ownerAlive({ host: 'here', pid: process.pid, pidStartTicks: `${ticks}0` }, 'here')).toBe(false); // a reused pid
    expect(await ownerAlive({ host: 'elsewhere', pid: 999_999_999, pidStartTicks: '1' }, 'here')).toBe(true);
    expect(await ownerAlive({ host: 'here', pid: 999_999_999, pidStartTicks: '1' }, 'here')).toBe(false);
  });
});

describe('pods that will never be Ready', () => {
  const pod = (waiting?: string, scheduled?: { status: string; reason?: string }) => ({
    metadata: { name: 'p', uid: 'u' },
    spec: {},
    status: {
      conditions: scheduled ? [{ type: 'PodScheduled', ...scheduled }] : [],
      containerStatuses: [{ name: 'app', state: waiting ? { waiting: { reason: waiting, message: 'image not present\nmore' } } : {} }],
    },
  });

  it('says why at once: a missing image, a crash loop, no room on any node', () => {
    expect(hopelessReason(pod('ErrImageNeverPull'))).toBe('container app: ErrImageNeverPull (image not present)');
    expect(hopelessReason(pod('CrashLoopBackOff'))).toMatch(/CrashLoopBackOff/);
    expect(hopelessReason(pod(undefined, { status: 'False', reason: 'Unschedulable' }))).toMatch(/^unschedulable/);
  });

  it('keeps waiting while a pod is merely starting', () => {
    expect(hopelessReason(pod('ContainerCreating'))).toBeUndefined();
    expect(hopelessReason(pod())).toBeUndefined();
  });
});

describe('a container found by its cgroup', () => {
  const id = 'a'.repeat(64);
  it('matches cgroupfs and systemd names, not another container', () => {
    expect(cgroupNamesContainer(`12:cpu,cpuacct:/kubepods/besteffort/pod1234/${id}\n`, id)).toBe(true);
    expect(cgroupNamesContainer(`0::/kubepods.slice/cri-containerd-${id}.scope\n`, id)).toBe(true);
    expect(cgroupNamesContainer(`12:cpu:/kubepods/besteffort/pod1234/${'b'.repeat(64)}\n`, id)).toBe(false);
  });
});

describe("a pod's CPU cgroup, from a container's /proc/<pid>/cgroup", () => {
  it('is the parent of the container cgroup, on cgroup v1 (cpu controller) and v2', async () => {
    const { podCgroupOf } = await import('./container-pids.js');
    const v1 = '12:memory:/kubepods/burstable/pod1a2b-3c/abc123\n4:cpu,cpuacct:/kubepods/burstable/pod1a2b-3c/abc123\n1:name=systemd:/x\n';
    expect(podCgroupOf(v1)).toBe('/kubepods/burstable/pod1a2b-3c');
    expect(podCgroupOf('0::/kubepods/pod9f8e/def456\n')).toBe('/kubepods/pod9f8e');
    expect(podCgroupOf('4:cpu,cpuacct:/user.slice\n')).toBeUndefined();
    expect(podCgroupOf('')).toBeUndefined();
  });
});
