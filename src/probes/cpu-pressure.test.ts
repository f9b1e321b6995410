import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createCpuPressureProbe, parsePressure, stallPct, summarizeCpuPressure } from './cpu-pressure.js';
import { fixtureReader } from './testing/fixtures.js';

const PSI_A = `some avg10=0.53 avg60=1.29 avg300=1.03 total=5234824
full avg10=0.00 avg60=0.00 avg300=0.00 total=0
`;
const PSI_B = `some avg10=12.50 avg60=3.00 avg300=1.10 total=5284824
full avg10=1.00 avg60=0.20 avg300=0.01 total=10000
`;

describe('parsePressure', () => {
  it('reads some and full lines', () => {
    expect(parsePressure(PSI_A)).toEqual({
      some: { avg10: 0.53, avg60: 1.29, avg300: 1.03, totalUs: 5234824 },
      full: { avg10: 0, avg60: 0, avg300: 0, totalUs: 0 },
    });
  });

  it('accepts kernels without a full line and rejects text without some', () => {
    expect(parsePressure('some avg10=1.00 avg60=2.00 avg300=3.00 total=42\n').full).toBeNull();
    expect(() => parsePressure('full avg10=1.00 avg60=2.00 avg300=3.00 total=42\n')).toThrow(/no "some"/);
    expect(() => parsePressure('some avg10=x avg60=2.00 avg300=3.00 total=42\n')).toThrow(/avg10/);
  });
});

describe('stallPct', () => {
  it('is the stall time gained per wall time, clamped to 0..100', () => {
    expect(stallPct(1_000_000, 1_050_000, 250)).toBe(20); // 50 ms of 250 ms
    expect(stallPct(0, 300_000, 250)).toBe(100);
    expect(stallPct(100, 50, 250)).toBe(0);
  });
});

describe('cpu-pressure probe', () => {
  it('samples stall % from the total delta (fixture) and summarises', async () => {
    const readText = fixtureReader({ '/proc/pressure/cpu': [PSI_A, PSI_B, PSI_B] });
    const probe = createCpuPressureProbe({ intervalMs: 30, readText });
    probe.start();
    await sleep(100);
    const series = await probe.stop();
    const first = series.samples[0];
    expect(first?.someAvg10).toBe(12.5);
    // 50 000 µs of stall over ~30 ms would exceed 100 %: clamped
    expect(first?.stallPct).toBe(100);
    expect(series.samples[1]?.stallPct).toBe(0);
    expect(series.samples[1]?.fullStallPct).toBe(0);
    expect(series.summary['maxStallPct']).toBe(100);
    expect(series.summary['maxSomeAvg10']).toBe(12.5);
  });

  it('reports available: false and null summary when the file is absent', async () => {
    const probe = createCpuPressureProbe({ intervalMs: 20, path: '/proc/pressure/does-not-exist' });
    probe.start();
    await sleep(60);
    const series = await probe.stop();
    expect(series.available).toBe(false);
    expect(series.samples).toEqual([]);
    expect(series.summary).toEqual({ meanStallPct: null, maxStallPct: null, maxSomeAvg10: null, meanFullStallPct: null });
    expect(series.note).toMatch(/does-not-exist/);
    expect(summarizeCpuPressure([])).toEqual(series.summary);
  });

  it.runIf(existsSync('/proc/pressure/cpu'))('on this machine: samples the real /proc/pressure/cpu', async () => {
    const probe = createCpuPressureProbe({ intervalMs: 100 });
    probe.start();
    await sleep(450);
    const series = await probe.stop();
    expect(series.available).toBe(true);
    expect(series.samples.length).toBeGreaterThanOrEqual(3);
    for (const s of series.samples) {
      expect(s.stallPct).toBeGreaterThanOrEqual(0);
      expect(s.stallPct).toBeLessThanOrEqual(100);
      expect(s.dtMs).toBeGreaterThan(50);
    }
    expect(series.summary['meanStallPct']).not.toBeNull();
  });
});
