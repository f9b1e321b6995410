import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createProbes, measureProbeOverhead, startProbes, stopProbes } from './probe-set.js';
import { ProbeSeriesSchema } from './schema.js';

describe('startProbes / stopProbes (on this machine)', () => {
  it('runs the chosen probes together and returns one series each, sample times aligned', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshtax-set-'));
    try {
      const running = startProbes({
        intervalMs: 100,
        cpuSteal: true,
        cpuPressure: { path: '/nonexistent/pressure' },
        cgroups: [{ cgroup: '/' }],
        diskStats: true,
        fdatasync: { dir, intervalMs: 50 },
        processes: [{ pid: process.pid, role: 'load', name: 'self' }],
      });
      expect(running.names).toEqual(['cpu-steal', 'cpu-pressure', 'cgroup-throttling:/', 'disk-stats', 'fdatasync', 'process-usage']);
      await sleep(450);
      const series = await stopProbes(running);
      expect(series.map((s) => s.name)).toEqual(running.names);
      // survives a JSON round trip and validates against the record's schema, samples intact
      const reread = JSON.parse(JSON.stringify(series)) as unknown[];
      for (const [i, s] of reread.entries()) expect(ProbeSeriesSchema.parse(s)).toEqual(series[i]);
      const byName = new Map(series.map((s) => [s.name, s]));
      expect(byName.get('cpu-pressure')?.available).toBe(false); // absent file: reported, not thrown
      for (const name of ['cpu-steal', 'cgroup-throttling:/', 'disk-stats', 'process-usage']) {
        const s = byName.get(name);
        expect(s?.available, name).toBe(true);
        expect(s?.intervalMs, name).toBe(100);
        expect(s?.samples.length, name).toBeGreaterThanOrEqual(3);
      }
      // one shared clock: every process sample was taken in a slot a steal sample was taken in (its
      // nearest steal sample less than half an interval away). Matched by slot, not by index: a probe
      // still busy with its last reading skips a slot by design, which a loaded machine makes happen.
      const steal = byName.get('cpu-steal')?.samples.map((s) => s.tMs) ?? [];
      const proc = byName.get('process-usage')?.samples.map((s) => s.tMs) ?? [];
      for (const t of proc) expect(Math.min(...steal.map((u) => Math.abs(u - t)))).toBeLessThan(50);
      expect(byName.get('fdatasync')?.samples.length).toBeGreaterThanOrEqual(3);
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects two probes with one name before starting anything', () => {
    expect(() => createProbes({ cgroups: [{ cgroup: '/a', name: 'node' }, { cgroup: '/b', name: 'node' }] })).toThrow(/named "node"/);
  });

  it('an empty set starts and stops cleanly', async () => {
    const running = startProbes({});
    expect(await stopProbes(running)).toEqual([]);
  });
});

describe('measureProbeOverhead (on this machine)', () => {
  it('reports the CPU of a full probe set at 250 ms, well under a few percent of a core', async () => {
    const overhead = await measureProbeOverhead(
      {
        cpuSteal: true,
        cpuPressure: true,
        cgroups: [{ cgroup: '/' }],
        diskStats: true,
        processes: [
          { pid: process.pid, role: 'load', name: 'self' },
          { pid: process.ppid, role: 'app', name: 'parent' },
        ],
      },
      2000,
    );
    expect(overhead.durationMs).toBeGreaterThanOrEqual(1990);
    expect(overhead.samples).toBeGreaterThanOrEqual(5 * 6); // 5 probes × ≥ 6 of the 8 intervals
    expect(overhead.cpuMs).toBeGreaterThan(0);
    expect(overhead.cpuMs).toBeCloseTo(overhead.cpuUserMs + overhead.cpuSystemMs, 1);
    // target < 1 %; the bound leaves room for a noisy 2-core VM running other test files at once
    expect(overhead.pctOfCore).toBeLessThan(2.5);
  });
});
