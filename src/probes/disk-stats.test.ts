import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  createDiskStatsProbe,
  decodeDev,
  diskIntervalStats,
  findDiskForPath,
  isVirtualDisk,
  mountOfPath,
  parseDiskStats,
  pickDiskEntry,
  summarizeDiskStats,
  type DiskStatsSample,
} from './disk-stats.js';
import { parseMountInfo } from './mountinfo.js';
import { fixtureReader } from './testing/fixtures.js';

//  maj min name  rd rdm rsect rdms  wr wrm wsect wrms inflight ioms wtd  (+discard, flush fields)
const DISKSTATS_A = `   7       0 loop0 10 0 80 5 0 0 0 0 0 5 5 0 0 0 0 0 0
 253       0 zram0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
 259       0 nvme0n1 1000 10 80000 2000 500 20 40000 1500 0 3000 3500 0 0 0 0 100 50
 259       1 nvme0n1p1 900 10 70000 1800 500 20 40000 1500 0 2900 3300 0 0 0 0 0 0
   8       0 sda 50 0 400 100 10 0 80 200 0 250 300
`;
// 250 ms later: nvme0n1 did 100 reads taking 300 ms and 50 writes taking 500 ms, busy 125 ms
const DISKSTATS_B = `   7       0 loop0 10 0 80 5 0 0 0 0 0 5 5 0 0 0 0 0 0
 253       0 zram0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
 259       0 nvme0n1 1100 10 88000 2300 550 20 44000 2000 0 3125 4300 0 0 0 0 100 50
 259       1 nvme0n1p1 1000 10 78000 2100 550 20 44000 2000 0 3025 4100 0 0 0 0 0 0
   8       0 sda 50 0 400 100 10 0 80 200 0 250 300
`;

describe('parseDiskStats', () => {
  it('reads the fields by position, with and without the newer discard/flush columns', () => {
    const stats = parseDiskStats(DISKSTATS_A);
    expect(stats.get('nvme0n1')).toEqual({
      major: 259, minor: 0, name: 'nvme0n1',
      reads: 1000, sectorsRead: 80000, readMs: 2000,
      writes: 500, sectorsWritten: 40000, writeMs: 1500, ioMs: 3000,
    });
    expect(stats.get('sda')?.ioMs).toBe(250); // 14-field line of an old kernel
    expect(stats.size).toBe(5);
  });

  it('isVirtualDisk skips loop, ram, zram, cdrom and floppy devices only', () => {
    expect(['loop0', 'ram1', 'zram0', 'sr0', 'fd0'].every(isVirtualDisk)).toBe(true);
    expect(['sda', 'vda', 'nvme0n1', 'dm-0', 'md0', 'xvda', 'mmcblk0'].some(isVirtualDisk)).toBe(false);
  });
});

describe('diskIntervalStats', () => {
  it('await = Δtime / Δios per direction, util = Δio time / Δwall', () => {
    const a = parseDiskStats(DISKSTATS_A).get('nvme0n1')!;
    const b = parseDiskStats(DISKSTATS_B).get('nvme0n1')!;
    expect(diskIntervalStats(a, b, 250)).toEqual({
      readAwaitMs: 3, writeAwaitMs: 10, utilPct: 50, readsPerSec: 400, writesPerSec: 200,
    });
  });

  it('no I/O → null awaits, 0 util; util capped at 100', () => {
    const sda = parseDiskStats(DISKSTATS_A).get('sda')!;
    expect(diskIntervalStats(sda, sda, 250)).toEqual({ readAwaitMs: null, writeAwaitMs: null, utilPct: 0, readsPerSec: 0, writesPerSec: 0 });
    expect(diskIntervalStats(sda, { ...sda, ioMs: sda.ioMs + 300 }, 250).utilPct).toBe(100);
  });
});

describe('summarizeDiskStats', () => {
  it('per device: p99 await over intervals with I/O, mean and max util', () => {
    const row = (readAwaitMs: number | null, utilPct: number) => ({ readAwaitMs, writeAwaitMs: null, utilPct, readsPerSec: 0, writesPerSec: 0 });
    // 300 intervals: 100 without reads (null), 197 reads at 1 ms, then 5, 20 and 50 ms
    const awaits: Array<number | null> = [...Array<null>(100).fill(null), ...Array<number>(197).fill(1), 5, 20, 50];
    const samples: DiskStatsSample[] = awaits.map((a, i) => ({ dtMs: 250, devices: { vda: row(a, i < 150 ? 10 : 30) } }));
    expect(summarizeDiskStats(samples)).toEqual({
      'vda.readAwaitP99Ms': 5, // nearest rank ceil(0.99 · 200) = 198th of the 200 intervals with reads
      'vda.writeAwaitP99Ms': null,
      'vda.meanUtilPct': 20,
      'vda.maxUtilPct': 30,
    });
  });
});

describe('finding the disk of a path', () => {
  it('decodeDev splits Linux st_dev, including large minors', () => {
    expect(decodeDev(65024n)).toEqual({ major: 254, minor: 0 }); // 0xfe00 → 254:0 (vda)
    expect(decodeDev(2049n)).toEqual({ major: 8, minor: 1 }); // sda1
    // 259:300 (an NVMe partition): minor bits above 8 go to bits 20+
    const dev = (259n << 8n) | (300n & 0xffn) | ((300n & ~0xffn) << 12n);
    expect(decodeDev(dev)).toEqual({ major: 259, minor: 300 });
  });

  it('pickDiskEntry matches major:minor, else the mount source (btrfs, device-mapper)', () => {
    const stats = parseDiskStats(DISKSTATS_A);
    expect(pickDiskEntry(stats, { major: 259, minor: 1 }, null)?.name).toBe('nvme0n1p1');
    expect(pickDiskEntry(stats, { major: 0, minor: 45 }, '/dev/nvme0n1p1')?.name).toBe('nvme0n1p1');
    expect(pickDiskEntry(stats, { major: 0, minor: 45 }, 'overlay')).toBeNull();
  });

  it('mountOfPath picks the longest mount point covering the path', () => {
    const mounts = parseMountInfo(`1 0 259:2 / / rw - ext4 /dev/nvme0n1p2 rw
2 1 259:3 / /data rw - xfs /dev/nvme1n1 rw
3 1 0:45 / /data/tmp rw - tmpfs tmpfs rw
4 1 259:4 / /data2 rw - ext4 /dev/sdb1 rw
`);
    expect(mountOfPath(mounts, '/data/results')?.source).toBe('/dev/nvme1n1');
    expect(mountOfPath(mounts, '/data2/x')?.source).toBe('/dev/sdb1');
    expect(mountOfPath(mounts, '/database')?.source).toBe('/dev/nvme0n1p2');
    expect(mountOfPath(mounts, '/data/tmp')?.fsType).toBe('tmpfs');
  });

  it('on this machine: the device of the working directory is in /proc/diskstats with its major:minor', async () => {
    const found = await findDiskForPath(process.cwd());
    const { major, minor } = decodeDev((await stat(process.cwd(), { bigint: true })).dev);
    const stats = parseDiskStats(readFileSync('/proc/diskstats', 'utf8'));
    if (found === null) {
      // legitimate only when the filesystem is not on a listed block device (overlay, tmpfs)
      expect([...stats.values()].some((e) => e.major === major && e.minor === minor)).toBe(false);
      return;
    }
    expect(stats.has(found.device)).toBe(true);
    expect(stats.has(found.wholeDisk)).toBe(true);
    const direct = [...stats.values()].find((e) => e.major === major && e.minor === minor);
    if (direct !== undefined) expect(found).toMatchObject({ device: direct.name, majorMinor: `${major}:${minor}` });
  });
});

describe('disk-stats probe', () => {
  it('fixtures: keeps real disks, skips loop/zram, computes per-device stats', async () => {
    const readText = fixtureReader({ '/proc/diskstats': [DISKSTATS_A, DISKSTATS_B] });
    const probe = createDiskStatsProbe({ intervalMs: 30, readText });
    probe.start();
    await sleep(50);
    const series = await probe.stop();
    const devices = series.samples[0]?.devices ?? {};
    expect(Object.keys(devices).sort()).toEqual(['nvme0n1', 'nvme0n1p1', 'sda']);
    expect(devices['nvme0n1']?.readAwaitMs).toBe(3);
    expect(devices['nvme0n1']?.writeAwaitMs).toBe(10);
    expect(series.summary['nvme0n1.writeAwaitP99Ms']).toBe(10);
  });

  it('a device filter that matches nothing makes the probe unavailable', async () => {
    const readText = fixtureReader({ '/proc/diskstats': [DISKSTATS_A] });
    const probe = createDiskStatsProbe({ intervalMs: 20, devices: ['sdz'], readText });
    probe.start();
    await sleep(40);
    const series = await probe.stop();
    expect(series.available).toBe(false);
    expect(series.note).toMatch(/sdz/);
  });

  it('on this machine: synced writes in a temp dir show up as writes with an await on its disk', async (ctx) => {
    const dir = await mkdtemp(join(tmpdir(), 'meshtax-disk-'));
    try {
      const disk = await findDiskForPath(dir);
      if (disk === null) return ctx.skip(`${dir} is not on a block device listed in /proc/diskstats`);
      const probe = createDiskStatsProbe({ intervalMs: 100, devices: [disk.device] });
      probe.start();
      const file = await open(join(dir, 'data'), 'w');
      for (let i = 0; i < 8; i += 1) {
        await file.write(randomBytes(64 * 1024));
        await file.sync();
        await sleep(40);
      }
      await file.close();
      await sleep(150);
      const series = await probe.stop();
      expect(series.available).toBe(true);
      const rows = series.samples.map((s) => s.devices[disk.device]);
      expect(rows.every((r) => r !== undefined)).toBe(true);
      const writes = rows.reduce((n, r) => n + (r?.writesPerSec ?? 0), 0);
      expect(writes, 'writes per second summed over samples').toBeGreaterThan(0);
      expect(series.summary[`${disk.device}.writeAwaitP99Ms`]).not.toBeNull();
      // io_ticks advance per jiffy with I/O in flight, so a few fast writes may show 0 % util
      for (const r of rows) expect(r?.utilPct).toBeGreaterThanOrEqual(0);
      for (const r of rows) expect(r?.utilPct).toBeLessThanOrEqual(100);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
