import { existsSync } from 'node:fs';
import { mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  cgroupLayoutFromMounts,
  cgroupPathOfPid,
  createCgroupThrottlingProbe,
  detectCgroupLayout,
  detectCgroupVersion,
  parseCgroupV1CpuStat,
  parseCgroupV2CpuStat,
  parseProcCgroup,
  summarizeCgroupThrottling,
  type CgroupLayout,
} from './cgroup-throttling.js';
import { parseMountInfo } from './mountinfo.js';
import { fixtureReader, killAndWait, startSpinner } from './testing/fixtures.js';

// This machine (Debian 12 VM): every v1 controller mounted alone, plus an empty cgroup2 "unified".
const MOUNTINFO_V1_SEPARATE = `27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard
31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
`;
// systemd "hybrid" (Ubuntu 20.04 style): cpu and cpuacct co-mounted, optional fields present.
const MOUNTINFO_HYBRID = `25 24 0:22 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755
26 25 0:23 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw,nsdelegate
27 25 0:24 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:11 - cgroup cgroup rw,xattr,name=systemd
31 25 0:28 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup rw,cpu,cpuacct
32 25 0:29 / /sys/fs/cgroup/cpuset rw,nosuid,nodev,noexec,relatime shared:16 - cgroup cgroup rw,cpuset
`;
// Pure v2 (Debian 11+, Ubuntu 22.04+, Fedora): one cgroup2 mount.
const MOUNTINFO_V2 = `22 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw
30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
`;

const V1_CPU_STAT = `nr_periods 120
nr_throttled 30
throttled_time 1500000000
nr_bursts 0
burst_time 0
`;
const V2_CPU_STAT = `usage_usec 5000000
user_usec 4000000
system_usec 1000000
core_sched.force_idle_usec 0
nr_periods 200
nr_throttled 50
throttled_usec 2500000
nr_bursts 0
burst_usec 0
`;
// v2 cgroup without the cpu controller enabled: only the usage lines.
const V2_CPU_STAT_NO_CONTROLLER = `usage_usec 120434540
user_usec 93536456
system_usec 26898084
nice_usec 0
`;

describe('cgroup layout detection', () => {
  it('v1 with separately mounted controllers (hybrid unified mount has no cpu) is v1', () => {
    expect(cgroupLayoutFromMounts(parseMountInfo(MOUNTINFO_V1_SEPARATE))).toEqual({
      version: 'v1',
      cpuRoot: '/sys/fs/cgroup/cpu',
      cpuacctRoot: '/sys/fs/cgroup/cpuacct',
    });
  });

  it('co-mounted cpu,cpuacct is v1 with one root for both', () => {
    expect(cgroupLayoutFromMounts(parseMountInfo(MOUNTINFO_HYBRID))).toEqual({
      version: 'v1',
      cpuRoot: '/sys/fs/cgroup/cpu,cpuacct',
      cpuacctRoot: '/sys/fs/cgroup/cpu,cpuacct',
    });
  });

  it('a single cgroup2 mount is v2', () => {
    expect(cgroupLayoutFromMounts(parseMountInfo(MOUNTINFO_V2))).toEqual({
      version: 'v2',
      cpuRoot: '/sys/fs/cgroup',
      cpuacctRoot: null,
    });
  });

  it('no cgroup fs → null, and detectCgroupVersion says so', async () => {
    const text = '22 1 259:2 / / rw - ext4 /dev/sda1 rw\n';
    expect(cgroupLayoutFromMounts(parseMountInfo(text))).toBeNull();
    await expect(detectCgroupVersion(async () => text)).rejects.toThrow(/no cgroup filesystem/);
  });

  it('on this machine: agrees with what /sys/fs/cgroup looks like', async () => {
    const expected = existsSync('/sys/fs/cgroup/cgroup.controllers') ? 'v2' : 'v1';
    expect(await detectCgroupVersion()).toBe(expected);
    const layout = await detectCgroupLayout();
    expect(existsSync(join(layout?.cpuRoot ?? '/nonexistent', 'cpu.stat'))).toBe(true);
  });
});

describe('cpu.stat parsers', () => {
  it('v1: throttled_time is ns, normalised to µs; no usage', () => {
    expect(parseCgroupV1CpuStat(V1_CPU_STAT)).toEqual({ nrPeriods: 120, nrThrottled: 30, throttledUs: 1_500_000, usageUs: null });
    expect(() => parseCgroupV1CpuStat(V2_CPU_STAT)).toThrow(/throttled_time/);
  });

  it('v2: throttled_usec and usage_usec', () => {
    expect(parseCgroupV2CpuStat(V2_CPU_STAT)).toEqual({ nrPeriods: 200, nrThrottled: 50, throttledUs: 2_500_000, usageUs: 5_000_000 });
    expect(() => parseCgroupV2CpuStat(V1_CPU_STAT)).toThrow(/usage_usec/);
  });

  it('v2 without the cpu controller: usage only, throttling fields null', () => {
    expect(parseCgroupV2CpuStat(V2_CPU_STAT_NO_CONTROLLER)).toEqual({
      nrPeriods: null, nrThrottled: null, throttledUs: null, usageUs: 120434540,
    });
  });
});

describe('parseProcCgroup', () => {
  const v1 = '12:cpu,cpuacct:/meshtax/node-a\n11:cpuset:/meshtax/node-a\n1:name=systemd:/user.slice\n0::/user.slice\n';
  it('v1: the line whose controllers include cpu', () => {
    expect(parseProcCgroup(v1, 'v1')).toBe('/meshtax/node-a');
    expect(parseProcCgroup('2:cpuacct:/x\n1:cpuset:/y\n', 'v1')).toBeNull();
  });
  it('v2: the 0:: line', () => {
    expect(parseProcCgroup(v1, 'v2')).toBe('/user.slice');
    expect(parseProcCgroup('0::/system.slice/envoy.service\n', 'v2')).toBe('/system.slice/envoy.service');
  });
  it('on this machine: the cgroup of this process', async () => {
    const path = await cgroupPathOfPid(process.pid);
    expect(path).toMatch(/^\//);
  });
});

describe('cgroup-throttling probe', () => {
  const v2Layout: CgroupLayout = { version: 'v2', cpuRoot: '/cg', cpuacctRoot: null };

  it('v2 fixtures: deltas of periods, throttled periods, throttled time and usage', async () => {
    const later = V2_CPU_STAT.replace('usage_usec 5000000', 'usage_usec 5100000')
      .replace('nr_periods 200', 'nr_periods 210')
      .replace('nr_throttled 50', 'nr_throttled 58')
      .replace('throttled_usec 2500000', 'throttled_usec 2900000');
    const readText = fixtureReader({ '/cg/node-a/cpu.stat': [V2_CPU_STAT, later] });
    const probe = createCgroupThrottlingProbe({ cgroup: '/node-a', layout: v2Layout, intervalMs: 30, readText });
    probe.start();
    await sleep(100);
    const series = await probe.stop();
    expect(series.name).toBe('cgroup-throttling:/node-a');
    expect(series.labels).toEqual({ cgroup: '/node-a', cgroupVersion: 'v2' });
    expect(series.samples[0]).toMatchObject({ periods: 10, throttledPeriods: 8, throttledMs: 400 });
    expect(series.samples[0]?.usageMillicores).toBeGreaterThan(0);
    expect(series.summary).toMatchObject({ throttledPeriodsPct: 80, nrPeriods: 10, nrThrottled: 8, throttledMs: 400 });
  });

  it('v1 fixtures: ns throttled time, usage from cpuacct.usage', async () => {
    const layout: CgroupLayout = { version: 'v1', cpuRoot: '/cpu', cpuacctRoot: '/cpuacct' };
    const later = 'nr_periods 130\nnr_throttled 35\nthrottled_time 1750000000\n';
    const readText = fixtureReader({
      '/cpu/n/cpu.stat': [V1_CPU_STAT, later],
      '/cpuacct/n/cpuacct.usage': ['1000000000\n', '1050000000\n'],
    });
    const probe = createCgroupThrottlingProbe({ cgroup: 'n', name: 'node', layout, intervalMs: 30, readText });
    probe.start();
    await sleep(50);
    const series = await probe.stop();
    expect(series.name).toBe('node');
    expect(series.samples[0]).toMatchObject({ periods: 10, throttledPeriods: 5, throttledMs: 250 });
    // 50 ms of CPU over ~30 ms → well above 1000 millicores; exact value depends on measured dt
    const s = series.samples[0];
    expect(s?.usageMillicores).toBeCloseTo((50 / (s?.dtMs ?? 1)) * 1000, 0);
  });

  it('no periods (no quota) gives a null throttled %, not 0', () => {
    expect(summarizeCgroupThrottling([{ dtMs: 250, periods: 0, throttledPeriods: 0, throttledMs: 0, usageMillicores: 10 }]))
      .toMatchObject({ throttledPeriodsPct: null, nrPeriods: 0, throttledMs: 0, meanUsageMillicores: 10 });
  });

  it('a missing cgroup makes the probe unavailable', async () => {
    const probe = createCgroupThrottlingProbe({ cgroup: `/meshtax-missing-${process.pid}`, intervalMs: 20 });
    probe.start();
    await sleep(50);
    const series = await probe.stop();
    expect(series.available).toBe(false);
    expect(series.summary['throttledPeriodsPct']).toBeNull();
  });

  it.runIf(existsSync('/sys/fs/cgroup/unified/cpu.stat'))(
    'on this machine (needs a hybrid cgroup2 mount): the v2 reader on a real v2 cpu.stat',
    async () => {
      const layout: CgroupLayout = { version: 'v2', cpuRoot: '/sys/fs/cgroup/unified', cpuacctRoot: null };
      const probe = createCgroupThrottlingProbe({ cgroup: '/', layout, intervalMs: 100 });
      probe.start();
      await sleep(350);
      const series = await probe.stop();
      expect(series.available).toBe(true);
      expect(series.samples.length).toBeGreaterThanOrEqual(2);
      expect(series.summary['meanUsageMillicores']).not.toBeNull();
    },
  );

  it('on this machine (needs root and a writable cgroup fs): a spinner under a 20 % quota is throttled', async (ctx) => {
    const layout = await detectCgroupLayout();
    if (layout === null) return ctx.skip('no cgroup filesystem mounted');
    const name = `meshtax-probe-test-${process.pid}`;
    const dirs: string[] = [];
    const spinner = startSpinner();
    try {
      try {
        if (layout.version === 'v1') {
          for (const root of new Set([layout.cpuRoot, layout.cpuacctRoot ?? layout.cpuRoot])) {
            await mkdir(join(root, name));
            dirs.push(join(root, name));
          }
          await writeFile(join(layout.cpuRoot, name, 'cpu.cfs_period_us'), '100000');
          await writeFile(join(layout.cpuRoot, name, 'cpu.cfs_quota_us'), '20000');
        } else {
          const control = await readFile(join(layout.cpuRoot, 'cgroup.subtree_control'), 'utf8');
          if (!control.split(/\s+/).includes('cpu')) await writeFile(join(layout.cpuRoot, 'cgroup.subtree_control'), '+cpu');
          await mkdir(join(layout.cpuRoot, name));
          dirs.push(join(layout.cpuRoot, name));
          await writeFile(join(layout.cpuRoot, name, 'cpu.max'), '20000 100000');
        }
        for (const dir of dirs) await writeFile(join(dir, 'cgroup.procs'), String(spinner.pid));
      } catch (err) {
        return ctx.skip(`cannot create a cgroup here: ${(err as Error).message}`);
      }
      const probe = createCgroupThrottlingProbe({ cgroup: `/${name}`, intervalMs: 250 });
      probe.start();
      await sleep(1100);
      const series = await probe.stop();
      expect(series.available).toBe(true);
      const { throttledPeriodsPct, throttledMs, meanUsageMillicores, nrPeriods } = series.summary;
      expect(nrPeriods).toBeGreaterThanOrEqual(8); // 100 ms periods over ~1 s
      // ~80 ms of each 100 ms period when the spinner gets its CPU; loose for a busy machine.
      expect(throttledPeriodsPct).toBeGreaterThan(20);
      expect(throttledMs).toBeGreaterThan(50);
      expect(meanUsageMillicores).toBeGreaterThan(20);
      expect(meanUsageMillicores).toBeLessThan(320); // the quota holds: never much above 200
    } finally {
      await killAndWait(spinner);
      for (const dir of dirs.reverse()) {
        for (let i = 0; i < 20; i += 1) {
          try {
            await rmdir(dir);
            break;
          } catch {
            await sleep(25); // the killed task leaves the cgroup asynchronously
          }
        }
      }
    }
  });
});
