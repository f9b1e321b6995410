// Capacity levels stop when they know (issue 13 §5): a fake round source (a load agent that answers
// at once with real trials' results, rotating through them, no Envoy — mocked because a unit test
// cannot run the sidecars) drives the capacity search; a fake clock moves by each trial's length.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BenchConfigSchema, CapacitySearchSchema, ScenarioSchema, type BenchConfig, type CapacitySearch } from '../config/index.js';
import { RunContext, silentProgress, type Progress } from '../process/index.js';
import type { CapacityLevel } from '../record/index.js';
import type { DeployedProfile } from '../targets/index.js';
import { fixtureRecord } from '../testing/records.js';
import { capacityMeasurement, capacityStopping, completeRounds, measureLevel, type MeasureLevel } from './capacity-search.js';
import type { Measured } from './measurement.js';
import { buildRecord } from './record-builder.js';
import { resolveRun } from './resolved-run.js';

const CONFIG = BenchConfigSchema.parse({ maxScheduleLagUs: 1_000_000 });

/** A deployed profile whose agent answers with the fixture's valid trials of the variant asked, in turn. */
function fakeDeployment(calls: { rates: number[] }, clock: { ms: number }): DeployedProfile {
  const valid = fixtureRecord().trials.filter((t) => t.valid && !t.warmup);
  const turn = { baseline: 0, mesh: 0 };
  const loadOf = (url: string) => {
    const variant = url.includes('mesh') ? 'mesh' : 'baseline';
    const of = valid.filter((t) => t.variant === variant);
    return of[turn[variant]++ % of.length]!.load;
  };
  const deployment = {
    profile: 'dedicated',
    endpoints: { baseline: 'http://baseline.test/', mesh: 'http://mesh.test/' },
    meshChurnEndpoint: undefined,
    sidecars: [],
    agent: { run: async (spec: { url: string; durationS: number; rateRps: number }) => (calls.rates.push(spec.rateRps), (clock.ms += spec.durationS * 1000), loadOf(spec.url)) },
  };
  return { deployment, setup: {}, watch: { processes: [], cgroups: [] } } as unknown as DeployedProfile;
}

/** The real figures of a level, with the outcome a test dictates from the rounds it holds. */
const decidedBy =
  (outcome: (rounds: number, rateRps: number) => CapacityLevel['outcome']): MeasureLevel =>
  (trials, phase, search, config) => {
    const level = measureLevel(trials, phase, search, config);
    if (level === null) return null;
    const decided = outcome(completeRounds(trials), level.rateRps);
    return { ...level, outcome: decided, passed: decided === 'pass', reason: `${decided} at ${completeRounds(trials)} rounds` };
  };

async function searchFake(searchInput: Partial<CapacitySearch>, measure?: MeasureLevel, config: BenchConfig = CONFIG) {
  const search = CapacitySearchSchema.parse({ startRps: 1000, maxRps: 4000, factor: 2, refineSteps: 0, trialSeconds: 1, warmupSeconds: 0.5, minRequestsPerTrial: 0, ...searchInput });
  const scenario = ScenarioSchema.parse({ name: 'capacity', description: 'd', mesh: { istio: 'x' }, capacity: search });
  const loaded = { scenario, file: 'scenarios/capacity.ts', istioYaml: '', policy: { inbound: {}, outbound: {} } } as never;
  const run = resolveRun({ runId: '20261129-000000-capacity-0000', loaded, config, resultsDir: await mkdtemp(path.join(os.tmpdir(), 'meshtax-cap-')) });
  const calls = { rates: [] as number[] };
  const clock = { ms: 0 };
  const phases: string[] = [];
  const progress: Progress = { ...silentProgress, phase: (m) => phases.push(m) };
  const into: Measured = { trials: [], capacity: [], stopping: [] };
  const measurement = capacityMeasurement(scenario.capacity!, run.profiles, { now: () => clock.ms, ...(measure ? { measure } : {}) });
  await measurement.measure({ ctx: new RunContext(run.runId, 60_000), run, profile: 'dedicated', deployed: fakeDeployment(calls, clock), progress }, into);
  const measuredAt = (rate: number) => calls.rates.filter((r) => r === rate).length;
  return { run, into, calls, phases, measuredAt, trace: into.capacity[0]! };
}

const WARMUPS = 2;

describe('capacity levels look at their rounds as the main run does', () => {
  it('looks at roundsPerLevel, then the default looks up to maxRoundsPerLevel, each at the Bonferroni-corrected confidence', () => {
    const stopping = capacityStopping(CapacitySearchSchema.parse({}), 0.95);
    expect(stopping.plan.looks).toEqual([5, 8, 14, 20]);
    expect(stopping.maxDurationS).toBe(360);
    expect(capacityStopping(CapacitySearchSchema.parse({ roundsPerLevel: 6, maxRoundsPerLevel: 6 }), 0.95).plan.looks).toEqual([6]);
  });

  it('a level still uncertain at its first look gets more rounds, and stops at the look that decides it', async () => {
    const asked: number[] = [];
    const measure: MeasureLevel = (trials, phase, search, config) => {
      asked.push(completeRounds(trials));
      expect(config.confidence).toBeCloseTo(1 - 0.05 / 4, 10);
      return decidedBy((rounds) => (rounds >= 14 ? 'pass' : 'uncertain'))(trials, phase, search, config);
    };
    const { trace, measuredAt, phases } = await searchFake({ maxRps: 1000 }, measure);
    expect(measuredAt(1000)).toBe(WARMUPS + 14 * 4);
    expect(asked).toEqual([5, 8, 14, 14]); // three looks, then the level's record from the same trials
    expect(trace.levels).toHaveLength(1);
    expect(trace.levels[0]).toMatchObject({ outcome: 'pass', passed: true, stopping: { reason: 'decisive', look: 3, looks: 4, rounds: 14 } });
    expect(trace.stop).toBe('max-rps');
    expect(phases.filter((p) => / look \d of 4 /.test(p))).toEqual([
      expect.stringMatching(/1000 rps: look 1 of 4 at 5 rounds \(98\.75% intervals\): INCONCLUSIVE → on to 8 rounds$/),
      expect.stringMatching(/look 2 of 4 at 8 rounds .*→ on to 14 rounds$/),
      expect.stringMatching(/look 3 of 4 at 14 rounds .*: PASS → stops \(decisive\)$/),
    ]);
  });

  it('a level that never decides stops at its last look and says how far the machine resolves the tax', async () => {
    const { trace, measuredAt } = await searchFake({ maxRps: 1000 }, decidedBy(() => 'uncertain'));
    expect(measuredAt(1000)).toBe(WARMUPS + 20 * 4);
    const [level] = trace.levels;
    expect(level).toMatchObject({ outcome: 'uncertain', passed: false, stopping: { reason: 'max-rounds', look: 4, rounds: 20 } });
    expect(level!.reason).toMatch(/still undecided after 20 rounds \(the most rounds a level makes\): this machine resolves the p99 tax here to ±[\d.]+ (µs|ms)$/);
    expect(trace.stop).toBe('start-rate');
  });

  it('a level stops before a look that would end past its time cap', async () => {
    // 4 s per round: look 2 (8 rounds) at ≈33 s; look 3 (14 rounds) would end at ≈58 s, past a 50 s cap.
    const { trace, measuredAt } = await searchFake({ maxRps: 1000, maxLevelSeconds: 50 }, decidedBy(() => 'uncertain'));
    expect(measuredAt(1000)).toBe(WARMUPS + 8 * 4);
    expect(trace.levels[0]).toMatchObject({ stopping: { reason: 'max-duration', look: 2, rounds: 8 }, reason: expect.stringMatching(/after 8 rounds \(the time cap\)/) });
  });

  it('a decisive failure at the first look ends the level there: over budget is not looked at again', async () => {
    const { trace, measuredAt } = await searchFake({}, decidedBy((_, rate) => (rate >= 2000 ? 'over-budget' : 'pass')));
    expect(trace.levels.map((l) => [l.rateRps, l.outcome, l.stopping?.rounds])).toEqual([
      [1000, 'pass', 5],
      [2000, 'over-budget', 5],
    ]);
    expect(measuredAt(2000)).toBe(WARMUPS + 5 * 4);
  });

  it('the search starts no level after its own time cap, and says it stopped there', async () => {
    // Each level: 0.5 s warm-ups + 5 rounds of 4 × 1 s = 21 s; a 30 s search starts two levels.
    const { trace } = await searchFake({ maxRps: 8000, maxSearchSeconds: 30 }, decidedBy(() => 'pass'));
    expect(trace.levels.map((l) => l.rateRps)).toEqual([1000, 2000]);
    expect(trace.stop).toBe('time-cap');
    expect(trace.lastPassRps).toBe(2000);
  });

  it('judged as recorded: a tax far inside a huge budget passes at the first look', async () => {
    const { trace, measuredAt } = await searchFake({ maxRps: 1000 }, undefined, BenchConfigSchema.parse({ ...CONFIG, budgetUs: 10_000_000 }));
    expect(measuredAt(1000)).toBe(WARMUPS + 5 * 4);
    expect(trace.levels[0]).toMatchObject({ outcome: 'pass', stopping: { reason: 'decisive', look: 1, rounds: 5 } });
  });

  it('the record states the rule, its corrected confidence and where each level stopped', async () => {
    const { run, into } = await searchFake({ maxRps: 1000 }, decidedBy((rounds) => (rounds >= 8 ? 'pass' : 'uncertain')));
    const record = buildRecord({ run, startedAt: new Date().toISOString(), trials: into.trials, checks: [], envoy: { version: 'x', build: 'x', binary: '', source: '', concurrency: 1, configuration: 'x' }, profiles: [], environment: fixtureRecord().environment, failure: undefined, cleanupFailures: [], capacity: into.capacity });
    const capacity = record.capacity!;
    expect(capacity.search).toMatchObject({ roundsPerLevel: 5, maxRoundsPerLevel: 20, maxLevelSeconds: 360, maxSearchSeconds: 1200, looks: [5, 8, 14, 20] });
    expect(capacity.search.lookConfidence).toBeCloseTo(0.9875, 10);
    expect(capacity.search.rule).toMatch(/looks at 5, 8, 14, 20 rounds; at each, intervals at 98\.75%.*360 s of the level or 1200 s/);
    expect(record.settings.confidence).toBeCloseTo(0.9875, 10); // the intervals printed are the looks'
    expect(capacity.profiles[0]!.levels[0]!.stopping).toMatchObject({ reason: 'decisive', look: 2, rounds: 8 });
  });
});
