/**
 * The capacity search end to end, cut short: real Envoy, app and load on the dedicated profile,
 * levels ramped by ×4 from 200 rps and refined once; the record's capacity section says what was
 * tried and found, the report shows it, and nothing of the run is left.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';
import type { ResultRecord } from '../src/record/schema.js';
import { leftoverRunDirs, meshtax, onlyRecord, processesWithMark, runLeftovers, tempResultsDir, waitForOutput } from './testing/cli.js';

const SCENARIO = path.join(projectRoot, 'test', 'fixtures', 'capacity-short.ts');
const CONFIG = path.join(projectRoot, 'test', 'fixtures', 'capacity.config.ts');

describe('capacity search, end to end (short)', () => {
  let record: ResultRecord;
  let output: string;
  let exitCode: number | undefined;

  beforeAll(async () => {
    const results = await tempResultsDir();
    const run = await meshtax(['bench', '--scenario', SCENARIO, '--config', CONFIG, '--profile', 'dedicated', '--results-dir', results, '--node-type', 'test.node', '--target-rps', '5000'], { timeoutMs: 120_000 });
    output = run.all ?? '';
    exitCode = run.exitCode;
    record = await onlyRecord(results);
  }, 150_000);

  it('completes and records every level tried, ramping by the factor then bisecting', () => {
    expect(record.state, output).toBe('completed');
    const capacity = record.capacity!;
    expect(capacity.search).toMatchObject({ startRps: 200, factor: 4, maxRps: 3200, refineSteps: 1, roundsPerLevel: 5, maxRoundsPerLevel: 8, looks: [5, 8], percentile: 50 });
    const [profile] = capacity.profiles;
    expect(capacity.profiles).toHaveLength(1);
    const rates = profile!.levels.map((l) => l.rateRps);
    const ramp = profile!.levels.filter((l) => l.phase === 'ramp');
    const refine = profile!.levels.filter((l) => l.phase === 'refine');
    expect(ramp.map((l) => l.rateRps)).toEqual([200, 800, 3200].slice(0, ramp.length));
    expect(profile!.levels.map((l) => l.phase)).toEqual([...ramp.map(() => 'ramp'), ...refine.map(() => 'refine')]);
    expect(refine.length).toBeLessThanOrEqual(1);
    if (refine[0]) {
      const lastPass = ramp.filter((l) => l.passed).at(-1)!.rateRps;
      expect(refine[0].rateRps).toBe(Math.round((lastPass + ramp.at(-1)!.rateRps) / 2));
    }
    for (const l of profile!.levels) {
      // Rounds of A B B A up to the look that stopped the level, and up to 2 spare rounds when a round lost a side to invalid trials.
      const stop = l.stopping!;
      const roundsRun = (l.validTrials + l.invalidTrials) / 4;
      expect(Number.isInteger(roundsRun)).toBe(true);
      expect(roundsRun - stop.rounds).toBeGreaterThanOrEqual(0);
      expect(roundsRun - stop.rounds).toBeLessThanOrEqual(2);
      expect(stop.looks).toBe(2);
      if (stop.reason === 'decisive') {
        expect(l.outcome).toMatch(/^(pass|over-budget|errors)$/);
        expect([5, 8]).toContain(stop.rounds);
      } else expect(l.reason).toMatch(/still undecided after \d+ rounds/);
      expect(l.passed).toBe(l.outcome === 'pass');
      expect(l.reason).not.toBe('');
    }
    expect(record.levels.map((l) => l.rateRps)).toEqual(rates);
  });

  it('the capacity is the highest passing rate, and the stop is consistent with the levels', () => {
    const profile = record.capacity!.profiles[0]!;
    const passed = profile.levels.filter((l) => l.passed).map((l) => l.rateRps);
    const failed = profile.levels.filter((l) => !l.passed).map((l) => l.rateRps);
    expect(profile.maxRateWithinBudgetRps).toBe(passed.length > 0 ? Math.max(...passed) : null);
    expect(profile.firstFailingRps).toBe(failed.length > 0 ? Math.min(...failed) : null);
    if (profile.stop === 'max-rps') expect(profile.maxRateWithinBudgetRps).toBe(3200);
    if (profile.stop === 'start-rate') expect(profile.levels).toHaveLength(1);
    expect(profile.stop).not.toBe('interrupted');
  });

  it('reports sidecar cost, nodes needed and money with the configured price', () => {
    const profile = record.capacity!.profiles[0]!;
    expect(profile.sidecar.millicoresPer1000Rps).toBeGreaterThan(0);
    expect(profile.sidecar.rssMiB).toBeGreaterThan(5);
    expect(profile.cost).toMatchObject({ nodeType: 'test.node', perHour: 0.1, currency: 'USD', targetRps: 5000 });
    if (profile.maxRateWithinBudgetRps !== null) {
      expect(profile.cost.nodesNeeded).toBe(Math.ceil(5000 / profile.maxRateWithinBudgetRps));
      expect(profile.cost.costPerMillionRequests).toBeCloseTo((0.1 / (profile.maxRateWithinBudgetRps * 3600)) * 1e6, 9);
    }
    expect(profile.recommendation).toMatch(/dedicated node/);
    expect(record.capacity!.recommendation).toBe(profile.recommendation);
  });

  it('prints the capacity section and writes it into the report', async () => {
    expect(output).toMatch(/Capacity planning\. A level passes when/);
    expect(output).toMatch(/Recommendation: .*dedicated node/);
    expect(exitCode, output).toBe(record.verdict === 'FAIL' ? 1 : 0);
    const report = path.join(projectRoot, 'reports', record.runId);
    expect(await readFile(path.join(report, 'index.html'), 'utf8')).toMatch(/<section id="capacity"/);
    expect(await readFile(path.join(report, 'report.md'), 'utf8')).toMatch(/### Capacity/);
    expect((await readFile(path.join(report, 'charts', 'capacity.png'))).length).toBeGreaterThan(10_000);
  });

  it('leaves no namespace, veth, cgroup, process or run folder', async () => {
    expect(await runLeftovers(record.runId)).toBe('');
    expect(await leftoverRunDirs(record.runId)).toEqual([]);
  });
});

describe('capacity search interrupted (Ctrl-C)', () => {
  it('cleans up, keeps the trials measured so far, marks the search interrupted and the record partial', async () => {
    const mark = randomUUID();
    const results = await tempResultsDir();
    const run = meshtax(['bench', '--scenario', SCENARIO, '--config', CONFIG, '--profile', 'dedicated', '--results-dir', results], { mark, timeoutMs: 120_000 });
    await waitForOutput(run, (text) => /\[\s*10\/\d+\]/.test(text), 90_000); // mid-way through the first level
    run.kill('SIGINT');
    const done = await run;
    expect(done.exitCode, done.all).toBe(130);
    const record = await onlyRecord(results);
    expect(record.state).toBe('partial');
    expect(record.trials.length).toBeGreaterThanOrEqual(10);
    const profile = record.capacity!.profiles[0]!;
    expect(profile.stop).toBe('interrupted');
    expect(profile.recommendation).toMatch(/interrupted/);
    expect(await processesWithMark(mark)).toEqual([]);
    expect(await leftoverRunDirs(record.runId)).toEqual([]);
    expect(await runLeftovers(record.runId)).toBe('');
  }, 120_000);
});
