import { realpath, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { parseMountInfo, type MountInfo } from './mountinfo.js';
import { max, percentile, present, round, weightedMean } from './numbers.js';
import { createIntervalProbe, DEFAULT_INTERVAL_MS, readTextFile, textSource } from './sampler.js';
import type { Probe, ReadText } from './types.js';

/**
 * `/proc/diskstats` per block device: await (queue + service time per completed I/O, like iostat's
 * r_await / w_await) and utilisation (share of wall time with I/O in flight, iostat's %util).
 * Utilisation near 100 % means saturated only for single-queue disks; NVMe and virtio serve many
 * requests in parallel, so read it beside await there.
 */

export interface DiskCounters {
  major: number;
  minor: number;
  name: string;
  /** Reads completed (field 4 of the line). */
  reads: number;
  sectorsRead: number;
  /** Time spent reading, ms (field 7). */
  readMs: number;
  /** Writes completed (field 8). */
  writes: number;
  sectorsWritten: number;
  /** Time spent writing, ms (field 11). */
  writeMs: number;
  /** Time with I/O in flight, ms (field 13). */
  ioMs: number;
}

/** Parses `/proc/diskstats` into device name → counters. Lines with fewer than 14 fields are skipped. */
export function parseDiskStats(text: string): Map<string, DiskCounters> {
  const out = new Map<string, DiskCounters>();
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 14) continue;
    const n = (i: number): number => Number(f[i]);
    const name = f[2] ?? '';
    out.set(name, {
      major: n(0),
      minor: n(1),
      name,
      reads: n(3),
      sectorsRead: n(5),
      readMs: n(6),
      writes: n(7),
      sectorsWritten: n(9),
      writeMs: n(10),
      ioMs: n(12),
    });
  }
  return out;
}

/** loop, ram, zram, CD-ROM and floppy devices: not where results or etcd data live. */
export function isVirtualDisk(name: string): boolean {
  return /^(loop|ram|zram|sr|fd)\d/.test(name);
}

export interface DiskIntervalStats {
  /** Δread time / Δreads, ms; null when no read completed in the interval. */
  readAwaitMs: number | null;
  writeAwaitMs: number | null;
  /** Δio time / Δwall, percent, capped at 100. */
  utilPct: number;
  readsPerSec: number;
  writesPerSec: number;
}

export interface DiskStatsSample {
  dtMs: number;
  devices: Record<string, DiskIntervalStats>;
}

/** A counter delta; a counter that went backwards (32-bit wrap, device re-added) counts as 0. */
const d = (prev: number, cur: number): number => Math.max(0, cur - prev);

export function diskIntervalStats(prev: DiskCounters, cur: DiskCounters, dtMs: number): DiskIntervalStats {
  const reads = d(prev.reads, cur.reads);
  const writes = d(prev.writes, cur.writes);
  return {
    readAwaitMs: reads > 0 ? round(d(prev.readMs, cur.readMs) / reads) : null,
    writeAwaitMs: writes > 0 ? round(d(prev.writeMs, cur.writeMs) / writes) : null,
    utilPct: round(Math.min(100, (d(prev.ioMs, cur.ioMs) / dtMs) * 100)),
    readsPerSec: round((reads / dtMs) * 1000),
    writesPerSec: round((writes / dtMs) * 1000),
  };
}

export function diffDiskStats(
  prev: ReadonlyMap<string, DiskCounters>,
  cur: ReadonlyMap<string, DiskCounters>,
  dtMs: number,
): DiskStatsSample {
  const devices: Record<string, DiskIntervalStats> = {};
  for (const [name, counters] of cur) {
    const before = prev.get(name);
    if (before !== undefined) devices[name] = diskIntervalStats(before, counters, dtMs);
  }
  return { dtMs: round(dtMs), devices };
}

/**
 * Summary keys per device: `<dev>.readAwaitP99Ms`, `<dev>.writeAwaitP99Ms` (nearest-rank p99 over
 * the intervals that had such I/O; null if none), `<dev>.meanUtilPct`, `<dev>.maxUtilPct`.
 * With 250 ms intervals a 30 s trial has ~120 intervals, so p99 is close to the worst interval.
 */
export function summarizeDiskStats(samples: ReadonlyArray<DiskStatsSample>): Record<string, number | null> {
  const names = new Set(samples.flatMap((s) => Object.keys(s.devices)));
  const summary: Record<string, number | null> = {};
  for (const name of [...names].sort()) {
    const rows = samples.flatMap((s) => {
      const dev = s.devices[name];
      return dev === undefined ? [] : [{ dev, dtMs: s.dtMs }];
    });
    const util = weightedMean(rows.map((r) => ({ value: r.dev.utilPct, weight: r.dtMs })));
    summary[`${name}.readAwaitP99Ms`] = percentile(present(rows.map((r) => r.dev.readAwaitMs)), 99);
    summary[`${name}.writeAwaitP99Ms`] = percentile(present(rows.map((r) => r.dev.writeAwaitMs)), 99);
    summary[`${name}.meanUtilPct`] = util === null ? null : round(util);
    summary[`${name}.maxUtilPct`] = max(rows.map((r) => r.dev.utilPct));
  }
  return summary;
}

export interface DiskStatsOptions {
  intervalMs?: number;
  /** Only these device names (e.g. from `findDiskForPath`); default every non-virtual device. */
  devices?: readonly string[];
  /** Default `/proc/diskstats`. */
  path?: string;
  readText?: ReadText;
}

/** Samples `/proc/diskstats`. Name `disk-stats`. */
export function createDiskStatsProbe(options: DiskStatsOptions = {}): Probe<DiskStatsSample> {
  const path = options.path ?? '/proc/diskstats';
  const source = textSource(options.readText);
  const wanted = options.devices === undefined ? null : new Set(options.devices);
  const keep = (name: string): boolean => (wanted === null ? !isVirtualDisk(name) : wanted.has(name));
  return createIntervalProbe<Map<string, DiskCounters>, DiskStatsSample>({
    name: 'disk-stats',
    intervalMs: options.intervalMs ?? DEFAULT_INTERVAL_MS,
    read: async () => {
      const all = parseDiskStats(await source.read(path));
      const kept = new Map([...all].filter(([name]) => keep(name)));
      if (wanted !== null && kept.size === 0) {
        throw new Error(`none of the devices ${[...wanted].join(', ')} is in ${path}`);
      }
      return kept;
    },
    diff: diffDiskStats,
    close: source.close,
    summarize: summarizeDiskStats,
  });
}

/**
 * Splits a Linux st_dev into major and minor (glibc's gnu_dev_major/minor; the encoding allows
 * 12-bit+ majors and 20-bit minors, e.g. NVMe partitions with minor > 255).
 */
export function decodeDev(dev: bigint): { major: number; minor: number } {
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn);
  const minor = (dev & 0xffn) | ((dev >> 12n) & ~0xffn);
  return { major: Number(major), minor: Number(minor) };
}

export interface DiskForPath {
  /** The diskstats name of the device holding the path, e.g. `vda`, `nvme0n1p2`, `dm-0`. */
  device: string;
  majorMinor: string;
  /** The whole disk when `device` is a partition (`nvme0n1` for `nvme0n1p2`), else `device`. */
  wholeDisk: string;
}

/**
 * Pure part of `findDiskForPath`: the diskstats entry with the path's major:minor, or (for
 * filesystems whose st_dev is anonymous, like btrfs) the entry named by the mount's `/dev/...`
 * source. `resolvedSource` is the mount source after following symlinks (`/dev/mapper/x` → `dm-0`).
 */
export function pickDiskEntry(
  diskstats: ReadonlyMap<string, DiskCounters>,
  dev: { major: number; minor: number },
  resolvedSource: string | null,
): DiskCounters | null {
  for (const entry of diskstats.values()) {
    if (entry.major === dev.major && entry.minor === dev.minor) return entry;
  }
  if (resolvedSource !== null && resolvedSource.startsWith('/dev/')) {
    return diskstats.get(basename(resolvedSource)) ?? null;
  }
  return null;
}

/** The mount a path lives on: the longest mount point that prefixes it (later mounts win ties). */
export function mountOfPath(mounts: readonly MountInfo[], absolutePath: string): MountInfo | null {
  let best: MountInfo | null = null;
  for (const m of mounts) {
    const prefix = m.mountPoint === '/' ? '/' : `${m.mountPoint}/`;
    const covers = absolutePath === m.mountPoint || absolutePath.startsWith(prefix);
    if (covers && (best === null || m.mountPoint.length >= best.mountPoint.length)) best = m;
  }
  return best;
}

/**
 * The block device holding `path` (e.g. the results directory), or null when it is not on a block
 * device listed in /proc/diskstats (tmpfs, overlay, network filesystems).
 */
export async function findDiskForPath(path: string, readText: ReadText = readTextFile): Promise<DiskForPath | null> {
  const absolute = await realpath(path);
  const dev = decodeDev((await stat(absolute, { bigint: true })).dev);
  const diskstats = parseDiskStats(await readText('/proc/diskstats'));
  let entry = pickDiskEntry(diskstats, dev, null);
  if (entry === null) {
    const mount = mountOfPath(parseMountInfo(await readText('/proc/self/mountinfo')), absolute);
    if (mount?.source.startsWith('/dev/') === true) {
      const source = await realpath(mount.source).catch(() => mount.source);
      entry = pickDiskEntry(diskstats, { major: -1, minor: -1 }, source);
    }
  }
  if (entry === null) return null;
  let wholeDisk = entry.name;
  try {
    // a partition's sysfs directory sits inside its disk's: /sys/devices/.../nvme0n1/nvme0n1p2
    await stat(`/sys/class/block/${entry.name}/partition`);
    wholeDisk = basename(dirname(await realpath(`/sys/class/block/${entry.name}`)));
  } catch {
    // not a partition
  }
  return { device: entry.name, majorMinor: `${entry.major}:${entry.minor}`, wholeDisk };
}
