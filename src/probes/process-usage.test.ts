import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createProcessUsageProbe, parseProcPidStat, parseVmRssKiB, summarizeProcessUsage } from './process-usage.js';
import { fixtureReader, killAndWait, started, startSleeper, startSpinner } from './testing/fixtures.js';

/** A /proc/<pid>/stat line with the given comm, state, utime, stime and starttime. */
function statLine(comm: string, state: string, utime: number, stime: number, starttime: number): string {
  // fields 4..13, then utime(14) stime(15), 16..21, starttime(22), vsize(23) rss(24) …
  return `4242 (${comm}) ${state} 1 4242 4242 0 -1 4194560 100 0 0 0 ${utime} ${stime} 0 0 20 0 9 0 ${starttime} 123456 789 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n`;
}
const STATUS = 'Name:\tenvoy\nState:\tS (sleeping)\nVmPeak:\t  300000 kB\nVmRSS:\t   51200 kB\nRssAnon:\t   40000 kB\n';

describe('parsers', () => {
  it('parseProcPidStat counts fields from the last ")" so odd command names parse', () => {
    expect(parseProcPidStat(statLine('my (odd) proc) x', 'S', 150, 50, 987654))).toEqual({
      comm: 'my (odd) proc) x', state: 'S', utimeTicks: 150, stimeTicks: 50, startTimeTicks: 987654,
    });
    expect(() => parseProcPidStat('garbage')).toThrow();
  });

  it('parseVmRssKiB reads VmRSS and is null for kernel threads', () => {
    expect(parseVmRssKiB(STATUS)).toBe(51200);
    expect(parseVmRssKiB('Name:\tkthreadd\nState:\tS (sleeping)\n')).toBeNull();
  });
});

describe('summarizeProcessUsage', () => {
  it('per process and per role, CPU weighted by time alive', () => {
    const specs = [
      { pid: 1, role: 'envoy-client', name: 'ec' },
      { pid: 2, role: 'envoy-server', name: 'es' },
      { pid: 3, role: 'app', name: 'app-v1' },
      { pid: 4, role: 'app', name: 'app-v2' },
    ];
    const u = (millicores: number | null, rssMiB: number | null) => ({ millicores, rssMiB, gone: millicores === null });
    const samples = [
      { dtMs: 500, processes: { ec: u(200, 40), es: u(100, 30), 'app-v1': u(1000, 80), 'app-v2': u(500, 70) } },
      { dtMs: 500, processes: { ec: u(400, 45), es: u(300, 31), 'app-v1': u(0, 90), 'app-v2': u(null, null) } },
    ];
    const summary = summarizeProcessUsage(specs, samples, new Map([['app-v2', 1234]]));
    expect(summary).toMatchObject({
      'ec.meanMillicores': 300,
      'ec.maxRssMiB': 45,
      'ec.cpuSeconds': 0.3, // 0.2 cores · 0.5 s + 0.4 cores · 0.5 s
      'ec.goneAtMs': null,
      'app-v2.meanMillicores': 500, // only the interval it was alive
      'app-v2.cpuSeconds': 0.25,
      'app-v2.goneAtMs': 1234,
      'role:app.meanMillicores': 1000, // 500 + 500
      'role:app.cpuSeconds': 0.75,
      'role:app.maxRssMiB': 150, // 80 + 70 in the first sample beats 90 alone
      'role:envoy-server.meanMillicores': 200,
    });
  });
});

describe('process-usage probe', () => {
  it('rejects duplicate names and bad pids up front', () => {
    expect(() => createProcessUsageProbe({ processes: [{ pid: 1, role: 'app', name: 'a' }, { pid: 2, role: 'app', name: 'a' }] }))
      .toThrow(/unique/);
    expect(() => createProcessUsageProbe({ processes: [{ pid: 0, role: 'app', name: 'a' }] })).toThrow(/pid/);
  });

  it('fixtures: ticks → millicores, kB → MiB; a reused pid or a zombie counts as gone', async () => {
    const readText = fixtureReader({
      '/proc/10/stat': [statLine('envoy', 'S', 100, 0, 5000), statLine('envoy', 'R', 110, 5, 5000)],
      '/proc/10/status': [STATUS],
      // pid 11 exits and its pid is reused by a process with a later start time
      '/proc/11/stat': [statLine('app', 'S', 0, 0, 7000), statLine('other', 'S', 0, 0, 9000)],
      '/proc/11/status': [STATUS],
      '/proc/12/stat': [statLine('load', 'S', 0, 0, 8000), statLine('load', 'Z', 0, 0, 8000)],
      '/proc/12/status': [STATUS],
    });
    const probe = createProcessUsageProbe({
      processes: [
        { pid: 10, role: 'envoy-client', name: 'envoy' },
        { pid: 11, role: 'app', name: 'app' },
        { pid: 12, role: 'load', name: 'load' },
      ],
      intervalMs: 40,
      readText,
    });
    probe.start();
    await sleep(60);
    const series = await probe.stop();
    const first = series.samples[0];
    expect(first).toBeDefined();
    // 15 ticks = 150 ms of CPU over dtMs
    expect(first?.processes['envoy']?.millicores).toBeCloseTo((150 / (first?.dtMs ?? 1)) * 1000, 0);
    expect(first?.processes['envoy']?.rssMiB).toBe(50);
    expect(first?.processes['app']).toEqual({ millicores: null, rssMiB: null, gone: true });
    expect(first?.processes['load']?.gone).toBe(true);
    expect(series.summary['app.goneAtMs']).toBeGreaterThan(0);
    expect(series.summary['envoy.goneAtMs']).toBeNull();
    expect(series.labels).toMatchObject({ 'envoy.pid': '10', 'envoy.role': 'envoy-client' });
  });

  it('on this machine: a spinning child uses many times the CPU of a sleeping one (however busy the machine); a killed one is gone', async () => {
    const spinner = startSpinner();
    const sleeper = startSleeper();
    try {
      await Promise.all([started(spinner), started(sleeper)]); // their start-up CPU is not what is measured
      const probe = createProcessUsageProbe({
        processes: [
          { pid: spinner.pid ?? -1, role: 'load', name: 'spinner' },
          { pid: sleeper.pid ?? -1, role: 'app', name: 'sleeper' },
        ],
        intervalMs: 100,
      });
      probe.start();
      await sleep(600);
      await killAndWait(sleeper);
      await sleep(350);
      const series = await probe.stop();
      expect(series.available).toBe(true);
      const s = series.summary;
      // A busy 2-core machine may give the spinner a fraction of a core: assert the relation, not a speed.
      expect(s['spinner.meanMillicores']).toBeGreaterThan(50);
      expect(s['spinner.meanMillicores']).toBeLessThan(1100);
      expect(s['spinner.meanMillicores']!).toBeGreaterThan(5 * (s['sleeper.meanMillicores'] ?? 0));
      expect(s['spinner.maxRssMiB']).toBeGreaterThan(10);
      // Its CPU seconds over the ~0.95 s it was watched agree with its mean millicores.
      expect(s['spinner.cpuSeconds']!).toBeCloseTo((s['spinner.meanMillicores']! / 1000) * 0.95, 0);
      expect(s['sleeper.meanMillicores']).toBeLessThan(100);
      expect(s['sleeper.goneAtMs']).not.toBeNull();
      expect(s['spinner.goneAtMs']).toBeNull();
      const last = series.samples.at(-1);
      expect(last?.processes['sleeper']).toEqual({ millicores: null, rssMiB: null, gone: true });
      expect(series.samples.some((x) => x.processes['sleeper']?.gone === false)).toBe(true);
    } finally {
      await killAndWait(spinner);
      await killAndWait(sleeper);
    }
  });

  it('on this machine: a pid that no longer exists is recorded as gone, not thrown', async () => {
    const exited = spawnSync('true');
    const pid = exited.pid ?? -1;
    expect(existsSync(`/proc/${pid}`)).toBe(false);
    const probe = createProcessUsageProbe({ processes: [{ pid, role: 'app', name: 'ghost' }], intervalMs: 50 });
    probe.start();
    await sleep(130);
    const series = await probe.stop();
    expect(series.available).toBe(true);
    expect(series.samples.length).toBeGreaterThanOrEqual(1);
    expect(series.samples.every((x) => x.processes['ghost']?.gone === true)).toBe(true);
    expect(series.summary['ghost.meanMillicores']).toBeNull();
    expect(series.summary['ghost.goneAtMs']).not.toBeNull();
  });
});
