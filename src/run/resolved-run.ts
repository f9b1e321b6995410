/**
 * The run as it will happen: bench.config + the command line's overrides + the scenario's own
 * settings, resolved once here and passed down. Nothing below re-derives a setting.
 */
import type { z } from 'zod';
import { BenchConfigSchema, CapacityPlanningSchema, TrialTimingSchema, type BenchConfig, type TrialTiming } from '../config/index.js';
import { BadInputError } from '../errors.js';
import type { LoadedScenario } from '../scenario/index.js';
import { collidingProfiles } from '../targets/index.js';
import { looksFor, type StoppingSettings } from './stopping.js';

/** What a command line may change; undefined keeps the config's value. */
export interface RunOverrides {
  readonly quick?: boolean;
  readonly rounds?: number;
  readonly budgetUs?: number;
  readonly inconclusiveFails?: boolean;
  readonly profiles?: readonly string[];
  readonly nodeType?: string;
  readonly targetRps?: number;
  /** Seconds: the run's time cap (sequential.maxDurationS). */
  readonly maxDurationS?: number;
}

export interface ResolvedRun {
  readonly runId: string;
  readonly loaded: LoadedScenario;
  /** The config with every override applied (and the capacity search's percentile among `percentiles`). */
  readonly config: BenchConfig;
  readonly profiles: readonly string[];
  /** Each profile once per data plane the scenario asks for; a pass's label is its trials' `profile`. */
  readonly passes: readonly ProfilePass[];
  readonly quick: boolean;
  /**
   * Rounds, trial and warm-up length of the fixed levels (a capacity search: of each level). With
   * `stopping`, `rounds` is the first look; a level makes up to the last look's rounds.
   */
  readonly timing: TrialTiming;
  /** The sequential rule of a default run; absent for --quick, a capacity search, a closed loop or a single look. */
  readonly stopping?: StoppingSettings;
  readonly resultsDir: string;
}

export interface ProfilePass {
  /** The profile as trials and the record name it: the profile, or `<profile>-ambient` for the ambient pass. */
  readonly label: string;
  /** The node profile of bench.config.ts it runs on. */
  readonly profile: string;
  readonly dataPlane: 'sidecar' | 'ambient';
}

export const AMBIENT_PASS_SUFFIX = '-ambient';

export function profilePasses(profiles: readonly string[], dataPlane: 'sidecar' | 'ambient' | 'both'): ProfilePass[] {
  const planes = dataPlane === 'both' ? (['sidecar', 'ambient'] as const) : [dataPlane];
  return profiles.flatMap((profile) => planes.map((plane) => ({ label: plane === 'ambient' ? `${profile}${AMBIENT_PASS_SUFFIX}` : profile, profile, dataPlane: plane })));
}

export interface ResolveRunInput {
  readonly runId: string;
  readonly loaded: LoadedScenario;
  readonly config: BenchConfig;
  readonly resultsDir: string;
  readonly overrides?: RunOverrides;
}

export function resolveRun(input: ResolveRunInput): ResolvedRun {
  const overrides = input.overrides ?? {};
  const quick = overrides.quick ?? false;
  const config = withSearchPercentile(applyOverrides(input.config, overrides), input.loaded);
  const timing = timingOf(config, input.loaded, quick);
  const stopping = stoppingOf(config, input.loaded, quick, timing);
  const profiles = chooseProfiles(overrides.profiles ?? input.loaded.scenario.profiles, config);
  const passes = profilePasses(profiles, input.loaded.scenario.dataPlane);
  const colliding = collidingProfiles(passes.map((p) => p.label));
  if (colliding.length > 0) throw new BadInputError(`Passes ${colliding.join(', ')} would get the same node names in one run.`, 'Rename the profile in bench.config.ts (any other name will do).');
  return {
    runId: input.runId,
    loaded: input.loaded,
    config,
    profiles,
    passes,
    quick,
    timing,
    ...(stopping ? { stopping } : {}),
    resultsDir: input.resultsDir,
  };
}

/** A default open-loop run stops when it knows; --quick, a capacity search and a closed loop (never a tax verdict) run fixed. */
function stoppingOf(config: BenchConfig, loaded: LoadedScenario, quick: boolean, timing: TrialTiming): StoppingSettings | undefined {
  if (quick || loaded.scenario.capacity || loaded.scenario.load.model === 'closed') return undefined;
  const looks = looksFor(timing.rounds, config.sequential.maxRounds);
  if (looks.length < 2) return undefined;
  return { plan: { looks, confidence: config.confidence }, maxDurationS: config.sequential.maxDurationS };
}

/** Scenario timing wins over the config's; `--quick` is the config's quick timing; a capacity search has its own. */
function timingOf(config: BenchConfig, loaded: LoadedScenario, quick: boolean): TrialTiming {
  const search = loaded.scenario.capacity;
  if (search) return { rounds: search.roundsPerLevel, trialSeconds: search.trialSeconds, warmupSeconds: search.warmupSeconds };
  return quick ? config.quick : { ...config.timing, ...loaded.scenario.timing };
}

/** A command-line number gets the limits its config field has: the schema is the one source. */
function checkFlag(flag: string, field: string, schema: z.ZodType, value: number | undefined): void {
  if (value === undefined) return;
  const result = schema.safeParse(value);
  if (!result.success) throw new BadInputError(`--${flag} ${value}: ${result.error.issues.map((i) => i.message).join('; ')} (the limit of \`${field}\` in bench.config.ts).`);
}

function applyOverrides(config: BenchConfig, o: RunOverrides): BenchConfig {
  checkFlag('rounds', 'timing.rounds', TrialTimingSchema.shape.rounds, o.rounds);
  checkFlag('budget-us', 'budgetUs', BenchConfigSchema.shape.budgetUs, o.budgetUs);
  checkFlag('target-rps', 'capacity.targetRps', CapacityPlanningSchema.shape.targetRps, o.targetRps);
  checkFlag('max-duration', 'sequential.maxDurationS', BenchConfigSchema.shape.sequential.unwrap().shape.maxDurationS, o.maxDurationS);
  if (o.nodeType !== undefined && o.nodeType.trim() === '') throw new BadInputError('--node-type is empty; give a node type such as "c6i.large" (a key of `prices` in bench.config.ts).');
  return {
    ...config,
    ...(o.budgetUs !== undefined ? { budgetUs: o.budgetUs } : {}),
    ...(o.inconclusiveFails ? { inconclusiveFails: true } : {}),
    ...(o.rounds !== undefined ? { timing: { ...config.timing, rounds: o.rounds }, quick: { ...config.quick, rounds: o.rounds } } : {}),
    ...(o.maxDurationS !== undefined ? { sequential: { ...config.sequential, maxDurationS: o.maxDurationS } } : {}),
    capacity: { ...config.capacity, ...(o.nodeType !== undefined ? { nodeType: o.nodeType } : {}), ...(o.targetRps !== undefined ? { targetRps: o.targetRps } : {}) },
  };
}

/** A capacity search judges its percentile: make sure the summary computes it. */
function withSearchPercentile(config: BenchConfig, loaded: LoadedScenario): BenchConfig {
  const percentile = loaded.scenario.capacity?.percentile;
  if (percentile === undefined || config.percentiles.includes(percentile)) return config;
  return { ...config, percentiles: [...config.percentiles, percentile].sort((a, b) => a - b) };
}

function chooseProfiles(wanted: readonly string[] | undefined, config: BenchConfig): string[] {
  const profiles = wanted && wanted.length > 0 ? [...wanted] : config.defaultProfiles;
  const unknown = profiles.filter((p) => !(p in config.profiles));
  if (unknown.length > 0) {
    throw new BadInputError(`Unknown profile ${unknown.join(', ')}. The profiles are: ${Object.keys(config.profiles).join(', ')}.`, 'Profiles are defined in bench.config.ts under `profiles`.');
  }
  const colliding = collidingProfiles(profiles);
  if (colliding.length > 0) throw new BadInputError(`Profiles ${colliding.join(', ')} would get the same node names in one run.`, 'Rename one of them in bench.config.ts (any other name will do).');
  return [...new Set(profiles)];
}
