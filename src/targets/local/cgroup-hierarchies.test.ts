// Which hierarchies node cgroups go into, read from mountinfo: v1 (separate or co-mounted) and v2.
import { describe, expect, it } from 'vitest';
import { parseMountInfo } from '../../probes/mountinfo.js';
import { cgroupHierarchiesFromMounts } from './cgroups.js';

const line = (id: number, mountPoint: string, fs: string, opts: string): string => `${id} 31 0:${id} / ${mountPoint} rw,relatime - ${fs} ${fs} ${opts}`;

describe('cgroupHierarchiesFromMounts', () => {
  it('v1 with cpu, cpuacct and cpuset mounted apart, and an empty cgroup2 beside (this machine)', () => {
    const text = [
      line(32, '/sys/fs/cgroup/cpu', 'cgroup', 'rw,cpu'),
      line(33, '/sys/fs/cgroup/cpuacct', 'cgroup', 'rw,cpuacct'),
      line(34, '/sys/fs/cgroup/cpuset', 'cgroup', 'rw,cpuset'),
      line(41, '/sys/fs/cgroup/unified', 'cgroup2', 'rw'),
    ].join('\n');
    expect(cgroupHierarchiesFromMounts(parseMountInfo(text))).toEqual({
      version: 'v1',
      cpu: '/sys/fs/cgroup/cpu',
      cpuacct: '/sys/fs/cgroup/cpuacct',
      cpuset: '/sys/fs/cgroup/cpuset',
    });
  });

  it('v1 with cpu,cpuacct co-mounted', () => {
    const text = [line(32, '/sys/fs/cgroup/cpu,cpuacct', 'cgroup', 'rw,cpu,cpuacct'), line(34, '/sys/fs/cgroup/cpuset', 'cgroup', 'rw,cpuset')].join('\n');
    expect(cgroupHierarchiesFromMounts(parseMountInfo(text))).toEqual({
      version: 'v1',
      cpu: '/sys/fs/cgroup/cpu,cpuacct',
      cpuacct: '/sys/fs/cgroup/cpu,cpuacct',
      cpuset: '/sys/fs/cgroup/cpuset',
    });
  });

  it('v2 (most machines)', () => {
    const text = line(30, '/sys/fs/cgroup', 'cgroup2', 'rw,nsdelegate,memory_recursiveprot');
    expect(cgroupHierarchiesFromMounts(parseMountInfo(text))).toEqual({ version: 'v2', root: '/sys/fs/cgroup' });
  });

  it('none', () => {
    expect(cgroupHierarchiesFromMounts(parseMountInfo(line(1, '/', 'ext4', 'rw')))).toBeNull();
  });
});
