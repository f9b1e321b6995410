import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFdatasyncProbe, summarizeFdatasync } from './fdatasync.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshtax-fdatasync-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('summarizeFdatasync', () => {
  it('nearest-rank percentiles of the sync times and the share above 10 ms', () => {
    const samples = Array.from({ length: 100 }, (_, i) => ({ writeMs: 0.01, syncMs: i + 1 })); // 1..100 ms
    expect(summarizeFdatasync(samples)).toEqual({
      count: 100, syncP50Ms: 50, syncP99Ms: 99, syncMaxMs: 100, syncOver10MsPct: 90, writeP99Ms: 0.01,
    });
    expect(summarizeFdatasync([])).toEqual({
      count: 0, syncP50Ms: null, syncP99Ms: null, syncMaxMs: null, syncOver10MsPct: null, writeP99Ms: null,
    });
  });
});

describe('fdatasync probe (on this machine)', () => {
  it('times small synced appends and leaves no file behind', async () => {
    const probe = createFdatasyncProbe({ dir, intervalMs: 20 });
    probe.start();
    await sleep(100);
    expect((await readdir(dir)).filter((f) => f.startsWith('.meshtax-fdatasync-'))).toHaveLength(1);
    await sleep(400);
    const series = await probe.stop();
    expect(series.available).toBe(true);
    expect(series.samples.length).toBeGreaterThanOrEqual(5);
    for (const s of series.samples) {
      expect(s.syncMs).toBeGreaterThan(0);
      expect(s.writeMs).toBeGreaterThanOrEqual(0);
    }
    const { syncP50Ms, syncP99Ms, count } = series.summary;
    expect(count).toBe(series.samples.length);
    expect(syncP50Ms).not.toBeNull();
    expect(syncP99Ms ?? 0).toBeGreaterThanOrEqual(syncP50Ms ?? Infinity);
    expect(await readdir(dir)).toEqual([]);
  });

  it('stops at maxWrites and removes its file without waiting for stop()', async () => {
    const probe = createFdatasyncProbe({ dir, intervalMs: 10, maxWrites: 3 });
    probe.start();
    await sleep(250);
    expect(await readdir(dir)).toEqual([]);
    const series = await probe.stop();
    expect(series.samples).toHaveLength(3);
  });

  it('an unwritable directory makes it unavailable, with the reason', async () => {
    const probe = createFdatasyncProbe({ dir: join(dir, 'missing', 'deeper') });
    probe.start();
    const series = await probe.stop();
    expect(series.available).toBe(false);
    expect(series.samples).toEqual([]);
    expect(series.summary['syncP99Ms']).toBeNull();
    expect(series.note).toMatch(/cannot write in .*missing.*ENOENT/);
  });
});
