import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { CPU_FIELDS, cpuTimesPct, createCpuStealProbe, parseProcStat, summarizeCpuSteal } from './cpu-steal.js';
import { fixtureReader, killAndWait, startSpinner } from './testing/fixtures.js';

// user nice system idle iowait irq softirq steal guest guest_nice
const STAT_A = `cpu  1000 10 500 8000 100 0 40 350 200 0
cpu0 500 5 250 4000 50 0 20 175 100 0
cpu1 500 5 250 4000 50 0 20 175 100 0
intr 181498 0 0 0 0
ctxt 411580
btime 1700000000
`;
// +200 ticks per CPU: cpu0 all busy in user, cpu1 half idle, quarter steal, quarter system
const STAT_B = `cpu  1200 10 550 8100 100 0 40 400 300 0
cpu0 700 5 250 4000 50 0 20 175 200 0
cpu1 500 5 300 4100 50 0 20 225 100 0
intr 181999 0 0 0 0
`;

describe('parseProcStat', () => {
  it('reads the cpu lines and ignores guest columns and the rest of the file', () => {
    const stat = parseProcStat(STAT_A);
    expect([...stat.keys()]).toEqual(['cpu', 'cpu0', 'cpu1']);
    expect(stat.get('cpu')).toEqual({ user: 1000, nice: 10, system: 500, idle: 8000, iowait: 100, irq: 0, softirq: 40, steal: 350 });
  });

  it('treats missing trailing columns of old kernels as 0', () => {
    expect(parseProcStat('cpu 1 2 3 4\n').get('cpu')).toEqual({
      user: 1, nice: 2, system: 3, idle: 4, iowait: 0, irq: 0, softirq: 0, steal: 0,
    });
  });
});

describe('cpuTimesPct', () => {
  it('gives each state as percent of all ticks in the interval', () => {
    const a = parseProcStat(STAT_A);
    const b = parseProcStat(STAT_B);
    const cpu1 = cpuTimesPct(a.get('cpu1')!, b.get('cpu1')!)!;
    expect(cpu1).toMatchObject({ idle: 50, steal: 25, system: 25, user: 0 });
    expect(cpu1.busy).toBe(25); // steal is not work this machine did
    const total = cpuTimesPct(a.get('cpu')!, b.get('cpu')!)!;
    // host: 400 ticks = 200 user + 50 system + 100 idle + 50 steal; guest +100 is inside user already
    expect(total).toMatchObject({ user: 50, system: 12.5, idle: 25, steal: 12.5, busy: 62.5 });
    const sum = CPU_FIELDS.reduce((acc, f) => acc + total[f], 0);
    expect(sum).toBeCloseTo(100, 6);
  });

  it('counts a counter that went backwards as 0 and is null with no ticks', () => {
    const a = parseProcStat('cpu 100 0 0 100 50 0 0 0\n').get('cpu')!;
    const b = parseProcStat('cpu 200 0 0 200 40 0 0 0\n').get('cpu')!; // iowait went back
    expect(cpuTimesPct(a, b)).toMatchObject({ user: 50, idle: 50, iowait: 0 });
    expect(cpuTimesPct(a, a)).toBeNull();
  });
});

describe('summarizeCpuSteal', () => {
  it('weights means by interval length and reports the worst interval and worst CPU', () => {
    const pct = (steal: number, busy: number) => ({
      user: busy, nice: 0, system: 0, idle: 100 - busy - steal, iowait: 0, irq: 0, softirq: 0, steal, busy,
    });
    const summary = summarizeCpuSteal([
      { dtMs: 300, total: pct(10, 50), perCpu: { cpu0: pct(20, 50), cpu1: pct(0, 50) } },
      { dtMs: 100, total: pct(30, 10), perCpu: { cpu0: pct(60, 10), cpu1: pct(0, 10) } },
    ]);
    expect(summary).toEqual({ meanStealPct: 15, maxStealPct: 30, maxCpuStealPct: 60, meanBusyPct: 40, meanIowaitPct: 0 });
    expect(summarizeCpuSteal([])).toEqual({
      meanStealPct: null, maxStealPct: null, maxCpuStealPct: null, meanBusyPct: null, meanIowaitPct: null,
    });
  });
});

describe('cpu-steal probe', () => {
  it('turns successive /proc/stat readings into samples (fixture)', async () => {
    const probe = createCpuStealProbe({ intervalMs: 20, readText: fixtureReader({ '/proc/stat': [STAT_A, STAT_B] }) });
    probe.start();
    await sleep(70);
    const series = await probe.stop();
    expect(series.name).toBe('cpu-steal');
    expect(series.samples[0]?.perCpu['cpu0']).toMatchObject({ user: 100, busy: 100 });
    expect(series.samples[0]?.total.steal).toBe(12.5);
    // later readings repeat STAT_B: no ticks elapsed, so no sample is invented
    expect(series.samples).toHaveLength(1);
  });

  it('on this machine: every CPU is sampled, states sum to 100, a spinning child shows as busy', async () => {
    const cpuCount = [...parseProcStat(readFileSync('/proc/stat', 'utf8')).keys()].length - 1;
    const spinner = startSpinner();
    try {
      await sleep(100);
      const probe = createCpuStealProbe({ intervalMs: 100 });
      probe.start();
      await sleep(900);
      const series = await probe.stop();
      expect(series.available).toBe(true);
      expect(series.samples.length).toBeGreaterThanOrEqual(7);
      // every CPU shows up; one sample may lack a CPU whose counters did not move in its interval
      // (a loaded VM: the interval is 50–100 ms, a few ticks), which the probe leaves out, not zeroes
      expect(new Set(series.samples.flatMap((s) => Object.keys(s.perCpu))).size).toBe(cpuCount);
      for (const s of series.samples) {
        expect(Object.keys(s.perCpu).length).toBeGreaterThanOrEqual(1);
        expect(s.dtMs).toBeGreaterThan(50);
        const sum = CPU_FIELDS.reduce((acc, f) => acc + s.total[f], 0);
        expect(sum).toBeGreaterThan(99.9);
        expect(sum).toBeLessThan(100.1);
      }
      // one core of `cpuCount` is spinning: busy (or stolen from us) is at least most of that share
      const { meanBusyPct, meanStealPct } = series.summary;
      expect((meanBusyPct ?? 0) + (meanStealPct ?? 0)).toBeGreaterThan((100 / cpuCount) * 0.7);
    } finally {
      await killAndWait(spinner);
    }
  });
});
