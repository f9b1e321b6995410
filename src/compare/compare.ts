/**
 * Comparing two results of one scenario, row by row — (profile, load level, percentile) — on the
 * per-round taxes each run measured: the change of the median tax with a bootstrap CI, a rank test,
 * a minimum effect, and a verdict. Pure: records in, a `Comparison` out; files and output forms
 * live in the CLI and src/report/compare.
 */
import type { RegressionSettings } from '../config/schema.js';
import { BadInputError } from '../errors.js';
import { DEFAULT_RESAMPLES } from '../stats/bootstrap-ci.js';
import { runTaxes, taxChange, type ChangeSide, type RunTaxes, type RunToRun } from './merged-change.js';
import { speedOf } from './speed-fit.js';
import { disturbanceIsUsual, type UsualNoise } from './history.js';
import { MIN_NIGHTS_TO_PREDICT } from './history-prediction.js';
import { describeFingerprint, environmentDifferences, fingerprint, type EnvironmentDifference, type Fingerprint } from './fingerprint.js';
import { disturbance, limitsFor, type ComparableRecord, type Disturbance } from './noise.js';
import { DEFAULT_PERMUTATIONS, rankTest, type RankTestResult } from './rank-test.js';
import { levelKey, levelOf, measuredTrials, recordRoundTaxes, type LevelKey } from './trial-samples.js';
import { decideRow, worstVerdict, type CompareVerdict } from './verdict.js';

export const COMPARISON_SCHEMA_VERSION = 1;
export const DEFAULT_COMPARE_SEED = 0x636d70; // "cmp"

/** What the verdicts rest on, in words a CI log can carry. */
export const TEST_DESCRIPTION =
  'tax = mesh − baseline percentile of merged histograms; change = current − baseline tax; ' +
  'Welch t interval and p-value on the round-bootstrap SEs of the two runs plus the run-to-run variance from the history (2τ²), ' +
  'the change taken at equal machine speed (baseline p50) when the history has a speed line that reaches both runs; ' +
  'shown beside it: min(Mann-Whitney U, Kolmogorov-Smirnov) permutation p-value on per-round taxes';

export interface CompareOptions {
  /** `config.regression`. */
  readonly regression: RegressionSettings;
  /** Compare across different hardware, kernel, Envoy version or fidelity (the differences are reported). */
  readonly allowDifferentEnv?: boolean;
  /** Of the CI of the change; default the current run's stated confidence (a stopped run's, not its looks'). */
  readonly confidence?: number;
  readonly resamples?: number;
  readonly permutations?: number;
  readonly seed?: number;
  /**
   * How much runs differ at a row, from the history of comparable nights (`runToRunSpread`); null
   * or absent: unknown, the runs' own SEs alone, said in the row's reason.
   */
  readonly runToRun?: (row: LevelKey & { readonly percentile: number }) => RunToRun | null;
  /**
   * How many of the latest comparable nights were disturbed at a row (`recentDisturbance`). With
   * enough of them, disturbance is the machine's usual state when at least half were; without, when
   * both runs compared were disturbed.
   */
  readonly usualNoise?: (row: LevelKey & { readonly percentile: number }) => UsualNoise | null;
}

export interface RunRef {
  readonly runId: string;
  readonly startedAt: string;
  readonly state: 'completed' | 'partial';
  /** Rounds the run was configured for. */
  readonly rounds: number;
  readonly envoyVersion: string;
  readonly fidelity: 'full' | 'reduced';
  readonly fingerprint: Fingerprint;
  readonly environment: string;
}

export interface ComparedRow extends LevelKey {
  readonly percentile: number;
  /** Each run's tax (merged histograms), µs; null when the run has no round at this row. */
  readonly baselineTaxUs: number | null;
  readonly currentTaxUs: number | null;
  readonly baselineRounds: number;
  readonly currentRounds: number;
  /** current − baseline tax, µs. */
  readonly changeUs: number | null;
  /** The change in % of the baseline tax (null when that is 0 or unknown). */
  readonly changePct: number | null;
  /** CI of the change; null ends: unknown (too few rounds). */
  readonly changeCiUs: [number | null, number | null];
  readonly test: RankTestResult;
  /** The change that matters at this row, µs: max(minEffectUs, minEffectPct % of the baseline tax). */
  readonly minEffectUs: number;
  /** ± this, µs, holds the whole interval of a no-change (regression.noChangeBandUs at the percentile, at least minEffectUs). */
  readonly noChangeBandUs: number;
  readonly verdict: CompareVerdict;
  readonly reason: string;
  /** For cant-tell: rounds to add to a re-run of the current side (bounded by maxExtraRounds). */
  readonly extraRounds: number | null;
  /** Disturbances of either run at this level, prefixed with the side. */
  readonly noise: string[];
  /** The SD of past nights' taxes that entered the interval (about their speed line when taken at equal speed), µs; null: no history. */
  readonly runToRunSdUs: number | null;
  /** The part of current − baseline tax the runs' speeds explain (taken out of changeUs), µs; null: not adjusted for speed. */
  readonly speedAdjustmentUs: number | null;
}

export interface LevelDisturbance extends Disturbance, LevelKey {
  readonly side: 'baseline' | 'current';
}

export interface Comparison {
  readonly schemaVersion: typeof COMPARISON_SCHEMA_VERSION;
  readonly scenario: string;
  readonly baseline: RunRef;
  readonly current: RunRef;
  /** Empty unless compared with allowDifferentEnv. */
  readonly environmentDifferences: EnvironmentDifference[];
  readonly settings: {
    readonly alpha: number;
    readonly minEffectUs: number;
    readonly minEffectPct: number;
    readonly noChangeBandUs: Readonly<Record<string, number>>;
    readonly maxExtraRounds: number;
    readonly confidence: number;
    readonly test: string;
  };
  readonly rows: ComparedRow[];
  /** Rows only one of the two records has (a load level or percentile added or removed). */
  readonly unmatched: (LevelKey & { side: 'baseline' | 'current'; percentile: number })[];
  readonly disturbances: LevelDisturbance[];
  /** The worst row: regression > noisy > cant-tell > improvement > no-change. */
  readonly verdict: CompareVerdict;
  /** Largest extraRounds of a cant-tell row; null when none. */
  readonly extraRounds: number | null;
}

/**
 * Compares `current` against `baseline`. Throws BadInputError for different scenarios, and for
 * different hardware (cpu model, cores, kernel), Envoy version or fidelity unless allowDifferentEnv.
 */
export function compareRecords(baseline: ComparableRecord, current: ComparableRecord, options: CompareOptions): Comparison {
  if (baseline.scenario.name !== current.scenario.name) {
    throw new BadInputError(
      `Cannot compare scenario "${current.scenario.name}" against a baseline of scenario "${baseline.scenario.name}".`,
      'Compare a run against a baseline of the same scenario (results/baselines/<scenario>.json).',
    );
  }
  const differences = environmentDifferences(baseline, current);
  if (differences.length > 0 && !options.allowDifferentEnv) {
    throw new BadInputError(
      `The two results come from different environments, so a difference of tax would not be a regression:\n${differences.map((d) => `  ${d.field}: baseline ${d.baseline}, current ${d.current}`).join('\n')}`,
      'Compare runs from the same machine type and Envoy version, refresh the baseline on this machine, or pass --allow-different-env to compare anyway.',
    );
  }
  const settings = options.regression;
  const confidence = options.confidence ?? current.stopping?.confidence ?? current.settings.confidence;
  const seed = options.seed ?? DEFAULT_COMPARE_SEED;

  const key = (r: LevelKey & { percentile: number }) => `${levelKey(r)}\u0000${r.percentile}`;
  const baselineKeys = new Set(baseline.summary.map(key));
  const currentKeys = new Set(current.summary.map(key));
  const matched = current.summary.filter((r) => baselineKeys.has(key(r)));
  const unmatched = [
    ...baseline.summary.filter((r) => !currentKeys.has(key(r))).map((r) => ({ side: 'baseline' as const, ...levelOf(r), percentile: r.percentile })),
    ...current.summary.filter((r) => !baselineKeys.has(key(r))).map((r) => ({ side: 'current' as const, ...levelOf(r), percentile: r.percentile })),
  ];

  const levels = uniqueLevels(matched);
  const percentiles = [...new Set(matched.map((r) => r.percentile))];
  const baselineTaxes = recordRoundTaxes(baseline, levels, percentiles);
  const currentTaxes = recordRoundTaxes(current, levels, percentiles);
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const merged = (record: ComparableRecord) => new Map(levels.map((level) => [levelKey(level), runTaxes(measuredTrials(record, level), percentiles, { resamples, seed: (seed ^ hashString(levelKey(level))) >>> 0 })]));
  const baselineMerged = merged(baseline);
  const currentMerged = merged(current);
  const disturbances: LevelDisturbance[] = levels.flatMap((level) => {
    const limits = limitsFor(level.profile, settings);
    return [
      { side: 'baseline' as const, ...level, ...disturbance(baseline, level, limits) },
      { side: 'current' as const, ...level, ...disturbance(current, level, limits) },
    ];
  });

  const rows = matched.map((r): ComparedRow => {
    const a = (baselineTaxes.get(levelKey(r))?.get(r.percentile) ?? []).map((t) => t.taxUs);
    const b = (currentTaxes.get(levelKey(r))?.get(r.percentile) ?? []).map((t) => t.taxUs);
    const k = percentiles.indexOf(r.percentile);
    const side = (m: RunTaxes | undefined, record: ComparableRecord): ChangeSide => ({ taxUs: m?.taxUs[k] ?? Number.NaN, seUs: m?.seUs[k] ?? Number.NaN, rounds: m?.rounds ?? 0, speedUs: speedOf(record.summary, r) });
    const before = side(baselineMerged.get(levelKey(r)), baseline);
    const after = side(currentMerged.get(levelKey(r)), current);
    const atLevel = disturbances.filter((d) => levelKey(d) === levelKey(r));
    const noise = atLevel.flatMap((d) => d.reasons.map((reason) => `${d.side}: ${reason}`));
    const noiseIsChronic = isChronic(options.usualNoise?.({ ...levelOf(r), percentile: r.percentile }) ?? null, atLevel);
    const rowSeed = (seed ^ hashString(key(r))) >>> 0;
    const runToRun = options.runToRun?.({ ...levelOf(r), percentile: r.percentile }) ?? null;
    const change = taxChange(before, after, runToRun, confidence);
    // without a history, extra rounds follow the rounds alone: a few rounds' SEs are too rough to split the variance by
    const fixedVarianceShare = runToRun ? change.fixedVarianceShare : undefined;
    const test = rankTest(a, b, { permutations: options.permutations ?? DEFAULT_PERMUTATIONS, seed: rowSeed });
    const decision = decideRow(
      { percentile: r.percentile, baselineRounds: before.rounds, currentRounds: after.rounds, baselineTaxUs: before.taxUs, changeUs: change.changeUs, changeCiUs: change.ciUs, pValue: change.pValue, fixedVarianceShare, noisy: noise.length > 0, noiseIsChronic },
      settings,
    );
    const runLevel = runToRun ? speedWords(change.speedAdjustmentUs, before, after) + scaleWords(change.seScale) : ' (run-to-run variance unknown: no history of comparable nights, taken as 0)';
    return {
      ...levelOf(r),
      percentile: r.percentile,
      baselineTaxUs: finiteOrNull(before.taxUs),
      currentTaxUs: finiteOrNull(after.taxUs),
      baselineRounds: before.rounds,
      currentRounds: after.rounds,
      changeUs: finiteOrNull(change.changeUs),
      changePct: before.taxUs !== 0 ? finiteOrNull((100 * change.changeUs) / Math.abs(before.taxUs)) : null,
      changeCiUs: [finiteOrNull(change.ciUs[0]), finiteOrNull(change.ciUs[1])],
      test: { ...test, pValue: change.pValue },
      minEffectUs: decision.minEffectUs,
      noChangeBandUs: decision.noChangeBandUs,
      verdict: decision.verdict,
      reason: decision.reason + runLevel,
      extraRounds: decision.extraRounds,
      noise,
      runToRunSdUs: finiteOrNull(change.runToRunSdUs ?? Number.NaN),
      speedAdjustmentUs: finiteOrNull(change.speedAdjustmentUs ?? Number.NaN),
    };
  });

  const extras = rows.map((r) => r.extraRounds).filter((x): x is number => x !== null);
  return {
    schemaVersion: COMPARISON_SCHEMA_VERSION,
    scenario: current.scenario.name,
    baseline: runRef(baseline),
    current: runRef(current),
    environmentDifferences: differences,
    settings: { alpha: settings.alpha, minEffectUs: settings.minEffectUs, minEffectPct: settings.minEffectPct, noChangeBandUs: { ...settings.noChangeBandUs }, maxExtraRounds: settings.maxExtraRounds, confidence, test: TEST_DESCRIPTION },
    rows,
    unmatched,
    disturbances,
    verdict: worstVerdict(rows.map((r) => r.verdict)),
    extraRounds: extras.length > 0 ? Math.max(...extras) : null,
  };
}

function runRef(record: ComparableRecord): RunRef {
  const f = fingerprint(record);
  return {
    runId: record.runId,
    startedAt: record.startedAt,
    state: record.state,
    rounds: record.settings.rounds,
    envoyVersion: record.envoy.version,
    fidelity: record.fidelity.level,
    fingerprint: f,
    environment: describeFingerprint(f),
  };
}

function uniqueLevels(rows: readonly LevelKey[]): LevelKey[] {
  const seen = new Map<string, LevelKey>();
  for (const r of rows) if (!seen.has(levelKey(r))) seen.set(levelKey(r), levelOf(r));
  return [...seen.values()];
}

/** FNV-1a, so each row gets its own reproducible seed. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

/** Disturbance is the machine's usual state: at least half of enough recent nights, or (no such history) both runs compared. */
function isChronic(usual: UsualNoise | null, atLevel: readonly Disturbance[]): boolean {
  if (usual !== null && usual.nights >= MIN_NIGHTS_TO_PREDICT) return disturbanceIsUsual(usual);
  return atLevel.length === 2 && atLevel.every((d) => d.noisy);
}

/** The speed adjustment in the row's reason: what the machine's speed explained, from which speeds. */
function scaleWords(seScale: number): string {
  if (seScale >= 1) return '';
  return ` (past nights spread less than their own intervals claim: each run's SE taken ×${Math.sqrt(seScale).toFixed(2)})`;
}

function speedWords(adjustmentUs: number | null, before: ChangeSide, after: ChangeSide): string {
  if (adjustmentUs === null) return '';
  const sign = adjustmentUs >= 0 ? '+' : '−';
  return ` (taken at equal speed: the baseline p50 went ${Math.round(before.speedUs!)} → ${Math.round(after.speedUs!)} µs, which the nights' speed line says is ${sign}${Math.round(Math.abs(adjustmentUs))} µs of tax)`;
}
