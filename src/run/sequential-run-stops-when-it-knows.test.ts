// The sequential rule wired to a level's rounds (issue 13 §3): a fake round source (a load agent
// that answers at once with a real trial's result, no Envoy — mocked because a unit test cannot
// run the sidecars) drives planMeasurement; the judge is the seam that decides.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BenchConfigSchema, ScenarioSchema } from '../config/index.js';
import { RunContext, silentProgress, type Progress } from '../process/index.js';
import type { TrialRecord } from '../record/index.js';
import { buildRecord } from './record-builder.js';
import { fixtureRecord } from '../testing/records.js';
import type { DeployedProfile } from '../targets/index.js';
import { planMeasurement, type Measured } from './measurement.js';
import { buildPlan } from './plan.js';
import { resolveRun } from './resolved-run.js';
import { judgeAsRecorded, LevelStopper, looksFor, type LookJudge, type StoppingSettings } from './stopping.js';

const SETTINGS: StoppingSettings = { plan: { looks: [8, 14, 20, 28, 40], confidence: 0.95 }, maxDurationS: 300 };
const LEVEL = { profile: 'dedicated', rateRps: 500, newConnectionEvery: 0 };
const never: LookJudge = () => ({ verdict: 'INCONCLUSIVE', rows: [] });
const measuredRounds = (trials: readonly TrialRecord[]) => new Set(trials.filter((t) => !t.warmup).map((t) => t.round)).size;
/** Decides once the level holds `rounds` rounds. */
const decidesAt = (rounds: number): LookJudge => (trials) => ({ verdict: measuredRounds(trials) >= rounds ? 'PASS' : 'INCONCLUSIVE', rows: [] });

describe('a level stops at a look when it knows', () => {
  it('looks at the first rounds, then the default looks above them, up to the most', () => {
    expect(looksFor(8, 40)).toEqual([8, 14, 20, 28, 40]);
    expect(looksFor(5, 8)).toEqual([5, 8]);
    expect(looksFor(10, 30)).toEqual([10, 14, 20, 28, 30]);
    expect(looksFor(14, 14)).toEqual([14]);
  });

  it('only judges at looks, and stops at the first decided one', () => {
    const asked: number[] = [];
    const judge: LookJudge = (trials, confidence) => {
      asked.push(measuredRounds(trials));
      expect(confidence).toBeCloseTo(0.99, 10); // 1 − 0.05/5
      return decidesAt(14)(trials, confidence);
    };
    const stopper = new LevelStopper({ settings: SETTINGS, level: LEVEL, deadlineMs: Infinity, judge });
    const trials: TrialRecord[] = [];
    let stoppedAt = 0;
    for (let round = 0; round < 40 && stoppedAt === 0; round++) {
      trials.push(...[0, 1, 2, 3].map(() => ({ round, warmup: false }) as TrialRecord));
      if (stopper.afterRound(round + 1, trials)) stoppedAt = round + 1;
    }
    expect(stoppedAt).toBe(14);
    expect(asked).toEqual([8, 14]);
    expect(stopper.outcome()).toMatchObject({ ...LEVEL, reason: 'decisive', look: 2, rounds: 14, verdict: 'PASS' });
  });

  it('stops before a look that would end after the cap, and says so', () => {
    let nowMs = 0;
    const stopper = new LevelStopper({ settings: SETTINGS, level: LEVEL, deadlineMs: 250_000, judge: never, now: () => nowMs });
    let stoppedAt = 0;
    for (let round = 1; round <= 40 && stoppedAt === 0; round++) {
      nowMs = round * 10_000; // 10 s per round: look 3 (200 s) would reach look 4 at 280 s > 250 s
      if (stopper.afterRound(round, [])) stoppedAt = round;
    }
    expect(stoppedAt).toBe(20);
    expect(stopper.outcome()).toMatchObject({ reason: 'max-duration', look: 3, rounds: 20, verdict: 'INCONCLUSIVE', elapsedS: 200 });
  });

  it('a level that never decides stops at the last look', () => {
    const stopper = new LevelStopper({ settings: SETTINGS, level: LEVEL, deadlineMs: Infinity, judge: never });
    const stops = Array.from({ length: 40 }, (_, i) => stopper.afterRound(i + 1, []));
    expect(stops.indexOf(true)).toBe(39);
    expect(stopper.outcome()).toMatchObject({ reason: 'max-rounds', look: 5, rounds: 40 });
  });
});

/** A deployed profile whose load agent answers at once with a real trial's result of the variant asked. */
function fakeDeployment(calls: { count: number }, clock: { ms: number }): DeployedProfile {
  const trials = fixtureRecord().trials.filter((t) => t.valid && !t.warmup);
  const loadOf = (url: string) => trials.find((t) => t.variant === (url.includes('mesh') ? 'mesh' : 'baseline'))!.load;
  const deployment = {
    profile: 'dedicated',
    endpoints: { baseline: 'http://baseline.test/', mesh: 'http://mesh.test/' },
    meshChurnEndpoint: undefined,
    sidecars: [],
    agent: { run: async (spec: { url: string; durationS: number }) => ((calls.count += 1), (clock.ms += spec.durationS * 1000), loadOf(spec.url)) },
  };
  return { deployment, setup: {}, watch: { processes: [], cgroups: [] } } as unknown as DeployedProfile;
}

const FAST = BenchConfigSchema.parse({ maxScheduleLagUs: 1_000_000, timing: { rounds: 8, trialSeconds: 2, warmupSeconds: 0 } });

/** The fake agent moves a fake clock by each trial's length: the run's time is the trials'. */
async function measureFake(judge: LookJudge, config = FAST) {
  const scenario = ScenarioSchema.parse({ name: 'mtls-strict', description: 'd', mesh: { istio: 'x' } });
  const loaded = { scenario, file: 'scenarios/mtls-strict.ts', istioYaml: '', policy: { inbound: {}, outbound: {} } } as never;
  const run = resolveRun({ runId: '20261129-000000-mtls-strict-0000', loaded, config, resultsDir: await mkdtemp(path.join(os.tmpdir(), 'meshtax-seq-')) });
  const settings = run.stopping!;
  const plan = buildPlan(run.profiles, scenario.load.ratesRps, { ...run.timing, rounds: settings.plan.looks.at(-1)! });
  const calls = { count: 0 };
  const clock = { ms: 0 };
  const phases: string[] = [];
  const progress: Progress = { ...silentProgress, phase: (m) => phases.push(m) };
  const into: Measured = { trials: [], capacity: [], stopping: [] };
  const ctx = new RunContext(run.runId, 60_000);
  await planMeasurement(plan, { settings, judge, runStartedMs: 0, now: () => clock.ms }).measure({ ctx, run, profile: 'dedicated', deployed: fakeDeployment(calls, clock), progress }, into);
  return { run, into, calls, phases };
}

describe('a default run adds rounds until it knows (fake round source, no Envoy)', () => {
  it('a source that becomes decisive at look 2 stops there: 14 rounds measured, the record says why and at which look', async () => {
    const { run, into, calls, phases } = await measureFake(decidesAt(14));
    expect(run.stopping?.plan.looks).toEqual([8, 14, 20, 28, 40]);
    expect(calls.count).toBe(14 * 4);
    expect(into.stopping).toEqual([expect.objectContaining({ profile: 'dedicated', rateRps: 500, reason: 'decisive', look: 2, rounds: 14 })]);
    expect(phases.filter((p) => / look \d of 5 /.test(p))).toEqual([expect.stringMatching(/look 1 of 5 at 8 rounds \(99% intervals\).*→ on to 14 rounds$/), expect.stringMatching(/look 2 of 5 at 14 rounds .*→ stops \(decisive\)$/)]);
    const record = buildRecord({ run, startedAt: new Date().toISOString(), trials: into.trials, checks: [], envoy: { version: 'x', build: 'x', binary: '', source: '', concurrency: 1, configuration: 'x' }, profiles: [], environment: fixtureRecord().environment, failure: undefined, cleanupFailures: [], stopping: into.stopping });
    expect(record.stopping).toMatchObject({ confidence: 0.95, looks: [8, 14, 20, 28, 40], levels: [{ reason: 'decisive', look: 2, rounds: 14 }] });
    expect(record.stopping!.lookConfidence).toBeCloseTo(0.99, 10);
    expect(record.settings.confidence).toBeCloseTo(0.99, 10); // the intervals printed are the look's
    expect(record.settings.rounds).toBe(14);
    expect(record.stopping!.rule).toMatch(/looks at 8, 14, 20, 28, 40 rounds; at each, intervals at 99\.00%.*300 s/);
  });

  it('a source that never decides stops at the cap, with the reason', async () => {
    // 8 s per round: look 3 (20 rounds) at 160 s, look 4 (28) would end at 224 s, past a 200 s cap.
    const { into, calls } = await measureFake(never, BenchConfigSchema.parse({ ...FAST, sequential: { maxRounds: 40, maxDurationS: 200 } }));
    expect(calls.count).toBe(20 * 4);
    expect(into.stopping).toEqual([expect.objectContaining({ reason: 'max-duration', look: 3, rounds: 20, verdict: 'INCONCLUSIVE', elapsedS: 160 })]);
  });

  it('without a cap in reach, a source that never decides stops at the last look', async () => {
    const { into, calls } = await measureFake(never, BenchConfigSchema.parse({ ...FAST, sequential: { maxRounds: 40, maxDurationS: 3600 } }));
    expect(calls.count).toBe(40 * 4);
    expect(into.stopping).toEqual([expect.objectContaining({ reason: 'max-rounds', look: 5, rounds: 40 })]);
  });

  it('judged as recorded: a tax far inside a huge budget is decided at the first look', async () => {
    const config = BenchConfigSchema.parse({ ...FAST, budgetUs: 10_000_000 });
    const { into, calls } = await measureFake(judgeAsRecorded(config), config);
    expect(calls.count).toBe(8 * 4);
    expect(into.stopping).toEqual([expect.objectContaining({ reason: 'decisive', look: 1, rounds: 8, verdict: 'PASS' })]);
  });

  it('--quick and a single look run fixed, without the rule', async () => {
    const config = BenchConfigSchema.parse({});
    const scenario = ScenarioSchema.parse({ name: 'mtls-strict', description: 'd', mesh: { istio: 'x' } });
    const loaded = { scenario, file: 'scenarios/mtls-strict.ts', istioYaml: '', policy: { inbound: {}, outbound: {} } } as never;
    const resolve = (c = config, quick = false) => resolveRun({ runId: '20261129-000000-mtls-strict-0000', loaded, config: c, resultsDir: '/tmp', overrides: { quick } });
    expect(resolve().stopping).toMatchObject({ plan: { looks: [8, 14, 20, 28, 40] }, maxDurationS: 300 });
    expect(resolve(config, true).stopping).toBeUndefined();
    expect(resolve(BenchConfigSchema.parse({ sequential: { maxRounds: 8 } })).stopping).toBeUndefined();
    expect(resolveRun({ runId: '20261129-000000-mtls-strict-0000', loaded, config, resultsDir: '/tmp', overrides: { maxDurationS: 90 } }).stopping?.maxDurationS).toBe(90);
  });
});
