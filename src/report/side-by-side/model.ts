/**
 * Several scenarios' taxes side by side (`meshtax report --side-by-side a.json b.json …`): per
 * scenario its sidecar set-up, the tax at each verdict percentile with its CI and verdict, the
 * sidecars' CPU, and the difference to the first scenario. Pure: records in, a `SideBySide` out.
 *
 * The difference is the one `meshtax compare` computes (each run's merged-histogram tax, its SE
 * from resampling that run's rounds, a Welch t interval), but the runs are separate: each had its
 * own baseline, rounds and hour, and the run-to-run variation of the machine is in the difference
 * and not in rounds. Known only from a history of nights; without it the interval is too narrow
 * and the table says so, beside whether the two runs' own intervals overlap.
 */
import { disturbance, environmentDifferences, describeFingerprint, fingerprint, levelKey, levelOf, limitsFor, runTaxes, taxChange, type LevelKey, type RunTaxes, type RunToRun } from '../../compare/index.js';
import type { RegressionSettings } from '../../config/schema.js';
import { BadInputError } from '../../errors.js';
import type { ResultRecord } from '../../record/schema.js';
import { DEFAULT_RESAMPLES } from '../../stats/index.js';
import { sidecarSetup, type SidecarSetup } from './sidecars.js';

export interface SideBySideInput {
  readonly file: string;
  readonly record: ResultRecord;
}

export interface SideBySideOptions {
  /** Put runs from different hardware, kernels, Envoy versions or fidelity side by side anyway (flagged). */
  readonly allowDifferentEnv?: boolean;
  /** The run-to-run SD of a scenario's tax at a row, from its history; null: unknown (taken as 0, said). */
  readonly runToRun?: (scenario: string, row: LevelKey & { readonly percentile: number }) => RunToRun | null;
  /** The noise limits of `config.regression`: a run measured on a disturbed machine is named in the warnings. */
  readonly noiseLimits?: Pick<RegressionSettings, 'noiseLimits' | 'profileNoiseLimits'>;
  readonly resamples?: number;
  readonly seed?: number;
}

export interface ScenarioEntry {
  /** The scenario's name, made unique (`mtls-strict #2`). */
  readonly label: string;
  readonly file: string;
  readonly runId: string;
  readonly startedAt: string;
  readonly description: string;
  readonly state: ResultRecord['state'];
  readonly quick: boolean;
  readonly rounds: number;
  readonly trialSeconds: number;
  readonly fidelity: string;
  readonly sidecars: SidecarSetup;
}

/** higher / lower: the difference's interval excludes 0; cannot-tell: it holds 0; unknown: no interval; no-match: the first has no such row. */
export type Reading = 'higher' | 'lower' | 'cannot-tell' | 'unknown' | 'no-match';

export interface Versus {
  /** This scenario's tax − the first's, µs. */
  readonly changeUs: number | null;
  readonly ciUs: [number | null, number | null];
  readonly reading: Reading;
  /** Whether the two runs' own tax intervals share values; null when either is unknown. */
  readonly intervalsOverlap: boolean | null;
  /** The run-to-run SD that entered the interval; null: unknown, taken as 0. */
  readonly runToRunSdUs: number | null;
}

export interface SideBySideRow extends LevelKey {
  readonly label: string;
  readonly percentile: number;
  readonly taxUs: number | null;
  readonly ciUs: [number | null, number | null];
  readonly verdict: ResultRecord['verdict'];
  readonly flags: readonly string[];
  /** Client + server sidecar CPU per 1000 rps during the profile's mesh trials; null: not measured. */
  readonly sidecarMillicoresPer1000Rps: number | null;
  /** Null on the first scenario's rows. */
  readonly versusFirst: Versus | null;
}

export interface SideBySide {
  readonly scenarios: readonly ScenarioEntry[];
  readonly rows: readonly SideBySideRow[];
  readonly percentiles: readonly number[];
  readonly confidence: number;
  readonly budgetUs: number;
  /** The first run's machine and Envoy. */
  readonly environment: string;
  /** Differences that make the table less fair, in plain words. */
  readonly warnings: readonly string[];
  /** How the difference and its interval were computed, and what they leave out. */
  readonly method: string;
}

export const SIDE_BY_SIDE_SEED = 0x736273; // "sbs"

export function sideBySide(inputs: readonly SideBySideInput[], options: SideBySideOptions = {}): SideBySide {
  if (inputs.length < 2) {
    throw new BadInputError(`--side-by-side needs at least two result records; got ${inputs.length}.`, 'e.g. `meshtax report --side-by-side results/<mtls-strict run>.json results/<istio-default run>.json`.');
  }
  const first = inputs[0]!.record;
  const environmentWarnings = checkEnvironments(inputs, options.allowDifferentEnv === true);
  const labels = uniqueLabels(inputs.map((i) => i.record.scenario.name));
  const percentiles = first.settings.verdictPercentiles;
  const confidence = first.settings.confidence;
  const taxes = new TaxCache(percentiles, options.resamples ?? DEFAULT_RESAMPLES, options.seed ?? SIDE_BY_SIDE_SEED);
  const rows = inputs.flatMap(({ record }, i) =>
    record.summary
      .filter((r) => percentiles.includes(r.percentile))
      .map((r): SideBySideRow => ({
        label: labels[i]!,
        ...levelOf(r),
        percentile: r.percentile,
        taxUs: r.taxUs,
        ciUs: r.ciUs,
        verdict: r.verdict,
        flags: r.flags,
        sidecarMillicoresPer1000Rps: record.probes.find((p) => p.profile === r.profile)?.sidecarMillicoresPer1000Rps ?? null,
        versusFirst: i === 0 ? null : versus(first, record, r, { taxes, confidence, runToRun: options.runToRun }),
      })),
  );
  return {
    scenarios: inputs.map(({ file, record }, i) => entryOf(file, record, labels[i]!)),
    rows,
    percentiles,
    confidence,
    budgetUs: first.budgetUs,
    environment: `${describeFingerprint(fingerprint(first))}, Envoy ${first.envoy.version}`,
    warnings: [...environmentWarnings, ...settingWarnings(inputs, labels, percentiles), ...(options.noiseLimits ? disturbedWarnings(inputs, labels, options.noiseLimits) : [])],
    method:
      'Difference = this scenario’s tax − the first’s, each from its own run’s merged histograms; interval: Welch t on each run’s round-resampled standard error' +
      (options.runToRun ? ', plus the run-to-run variance of this machine from the scenarios’ history where there is one' : '') +
      '. The runs are separate (own baseline, own rounds, own hour), so where the run-to-run variance is unknown the interval leaves it out and is too narrow: ' +
      'read a difference as real only when its interval excludes 0 and the runs’ own intervals do not overlap.',
  };
}

/** Each run's merged-histogram tax and SE per level, computed once. */
class TaxCache {
  private readonly cache = new Map<ResultRecord, Map<string, RunTaxes>>();
  constructor(
    private readonly percentiles: readonly number[],
    private readonly resamples: number,
    private readonly seed: number,
  ) {}

  at(record: ResultRecord, level: LevelKey, percentile: number): { taxUs: number; seUs: number; rounds: number } {
    let levels = this.cache.get(record);
    if (!levels) this.cache.set(record, (levels = new Map()));
    let taxes = levels.get(levelKey(level));
    if (!taxes) {
      const trials = record.trials.filter((t) => !t.warmup && levelKey(t) === levelKey(level));
      taxes = runTaxes(trials, this.percentiles, { resamples: this.resamples, seed: this.seed });
      levels.set(levelKey(level), taxes);
    }
    const k = this.percentiles.indexOf(percentile);
    return { taxUs: taxes.taxUs[k] ?? Number.NaN, seUs: taxes.seUs[k] ?? Number.NaN, rounds: taxes.rounds };
  }
}

type Row = ResultRecord['summary'][number];

function versus(first: ResultRecord, record: ResultRecord, row: Row, ctx: { taxes: TaxCache; confidence: number; runToRun: SideBySideOptions['runToRun'] }): Versus {
  const match = first.summary.find((r) => levelKey(r) === levelKey(row) && r.percentile === row.percentile);
  if (!match) return { changeUs: null, ciUs: [null, null], reading: 'no-match', intervalsOverlap: null, runToRunSdUs: null };
  const key = { ...levelOf(row), percentile: row.percentile };
  const runToRun = combinedRunToRun(ctx.runToRun?.(first.scenario.name, key) ?? null, ctx.runToRun?.(record.scenario.name, key) ?? null);
  const change = taxChange(ctx.taxes.at(first, row, row.percentile), ctx.taxes.at(record, row, row.percentile), runToRun, ctx.confidence);
  const ciUs: [number | null, number | null] = [finiteOrNull(change.ciUs[0]), finiteOrNull(change.ciUs[1])];
  return { changeUs: finiteOrNull(change.changeUs), ciUs, reading: readingOf(ciUs), intervalsOverlap: overlap(match.ciUs, row.ciUs), runToRunSdUs: change.runToRunSdUs };
}

/** Two scenarios' nights as the one run-to-run spread of `taxChange` (which doubles it): each variance the mean of the two. */
function combinedRunToRun(a: RunToRun | null, b: RunToRun | null): RunToRun | null {
  if (a === null || b === null) return null;
  const rms = (x: number, y: number) => Math.sqrt((x ** 2 + y ** 2) / 2);
  return { spreadUs: rms(a.spreadUs, b.spreadUs), typicalSeUs: rms(a.typicalSeUs, b.typicalSeUs), nights: Math.min(a.nights, b.nights) };
}

function readingOf([low, high]: [number | null, number | null]): Reading {
  if (low === null || high === null) return 'unknown';
  if (low > 0) return 'higher';
  if (high < 0) return 'lower';
  return 'cannot-tell';
}

function overlap(a: readonly [number | null, number | null], b: readonly [number | null, number | null]): boolean | null {
  if (a[0] === null || a[1] === null || b[0] === null || b[1] === null) return null;
  return a[0] <= b[1] && b[0] <= a[1];
}

function entryOf(file: string, record: ResultRecord, label: string): ScenarioEntry {
  return {
    label,
    file,
    runId: record.runId,
    startedAt: record.startedAt,
    description: record.scenario.description,
    state: record.state,
    quick: record.settings.quick,
    rounds: record.settings.rounds,
    trialSeconds: record.settings.trialSeconds,
    fidelity: record.fidelity.level,
    sidecars: sidecarSetup(record),
  };
}

/** Refuses runs from another machine, kernel, Envoy or fidelity than the first (as compare does), or flags them when allowed. */
function checkEnvironments(inputs: readonly SideBySideInput[], allow: boolean): string[] {
  const first = inputs[0]!;
  const differing = inputs.slice(1).flatMap(({ file, record }) => environmentDifferences(first.record, record).map((d) => ({ file, ...d })));
  if (differing.length === 0) return [];
  const lines = differing.map((d) => `${d.file}: ${d.field} ${d.current}, the first (${first.file}) ${d.baseline}`);
  if (!allow) {
    throw new BadInputError(
      `The runs come from different environments, so their taxes differ for reasons other than the sidecars:\n${lines.map((l) => `  ${l}`).join('\n')}`,
      'Put side by side runs from one machine and Envoy version, or pass --allow-different-env to show them anyway (flagged).',
    );
  }
  return lines.map((l) => `Different environment (shown because --allow-different-env): ${l}.`);
}

function settingWarnings(inputs: readonly SideBySideInput[], labels: readonly string[], percentiles: readonly number[]): string[] {
  const differing = (what: string, value: (r: ResultRecord) => string | number): string[] => {
    const values = [...new Set(inputs.map(({ record }) => String(value(record))))];
    return values.length > 1 ? [`The runs differ in ${what} (${inputs.map(({ record }, i) => `${labels[i]}: ${value(record)}`).join(', ')}).`] : [];
  };
  return [
    ...differing('budget', (r) => `${r.budgetUs} µs`),
    ...differing('rounds', (r) => r.settings.rounds),
    ...differing('trial length', (r) => `${r.settings.trialSeconds} s`),
    ...differing('confidence', (r) => r.settings.confidence),
    ...inputs.flatMap(({ record }, i) => [
      ...(record.state === 'partial' ? [`${labels[i]} is a partial run (${record.partialReason ?? 'stopped early'}): only what was measured is shown.`] : []),
      ...(record.fidelity.level === 'reduced' ? [`${labels[i]} ran at reduced fidelity: ${record.fidelity.reason}.`] : []),
      ...percentiles.filter((p) => !record.summary.some((r) => r.percentile === p)).map((p) => `${labels[i]} has no p${p} row.`),
    ]),
  ];
}

/** Runs measured while the machine was disturbed (steal, CPU pressure, throttling, driver lag, invalid trials), as compare judges them. */
function disturbedWarnings(inputs: readonly SideBySideInput[], labels: readonly string[], settings: NonNullable<SideBySideOptions['noiseLimits']>): string[] {
  return inputs.flatMap(({ record }, i) => {
    const levels = [...new Map(record.summary.map((r) => [levelKey(r), levelOf(r)])).values()];
    return levels.flatMap((level) => {
      const d = disturbance(record, level, limitsFor(level.profile, settings));
      return d.noisy ? [`${labels[i]} was measured on a disturbed machine (${level.profile} @ ${level.rateRps} rps): ${d.reasons.join('; ')} — its tax says more about the machine than about the sidecars.`] : [];
    });
  });
}

/** `mtls-strict`, `mtls-strict #2` when a scenario comes twice. */
function uniqueLabels(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} #${n}`;
  });
}

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);
