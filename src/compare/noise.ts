/**
 * Was the machine disturbed while a record was measured? A night with CPU steal, CPU pressure,
 * throttling or a load generator that fell behind is slower for reasons that are not the mesh: its
 * rows are `noisy`, never `regression`. Limits are `config.regression.noiseLimits` (documented in
 * src/config/schema.ts), per profile adjusted by `profileNoiseLimits`.
 */
import { median } from 'simple-statistics';
import type { NoiseLimits, RegressionSettings } from '../config/schema.js';
import type { ProfileProbeSummary, ResultRecord } from '../record/schema.js';
import { countsDespiteFailures } from '../summary/index.js';
import { measuredTrials, type LevelKey } from './trial-samples.js';

/**
 * A record as compare reads it. `probes` (profile → steal, pressure, throttling) is read when
 * there; an older record without it is judged on generator lag and invalid trials alone.
 */
export type ComparableRecord = Omit<ResultRecord, 'probes'> & { readonly probes?: readonly ProbeFigures[] };

/** The probe figures noise is judged on; null: the signal was not available on that machine. */
export type ProbeFigures = Pick<ProfileProbeSummary, 'profile' | 'stealPctMean' | 'stealPctMax' | 'cpuPressurePct' | 'throttledPct'>;

export interface Disturbance {
  /** Some figure exceeded its limit: nothing measured here can be called a regression. */
  readonly noisy: boolean;
  /** Each exceeded limit in plain words, with the figure and the limit. */
  readonly reasons: string[];
  /** What could not be checked (no probe figures, …). */
  readonly notes: string[];
}

/** The limits for one profile: noiseLimits with the profile's overrides applied. */
export function limitsFor(profile: string, settings: Pick<RegressionSettings, 'noiseLimits' | 'profileNoiseLimits'>): NoiseLimits {
  return { ...settings.noiseLimits, ...settings.profileNoiseLimits[profile] };
}

const pct = (x: number) => `${Number(x.toFixed(1))}%`;

/** Judges one (profile, load level) of a record against `limits`. */
export function disturbance(record: ComparableRecord, level: LevelKey, limits: NoiseLimits): Disturbance {
  const reasons: string[] = [];
  const notes: string[] = [];
  const trials = measuredTrials(record, level);
  if (trials.length > 0 && limits.maxInvalidTrialPct !== null) {
    // mesh trials with failed requests are the mesh's cost, judged as a tax, not the machine's noise
    const invalid = trials.filter((t) => !countsDespiteFailures(t)).length;
    const share = (100 * invalid) / trials.length;
    if (share > limits.maxInvalidTrialPct) {
      reasons.push(`${invalid} of ${trials.length} trials invalid (${pct(share)} > ${pct(limits.maxInvalidTrialPct)})`);
    }
  }
  const lags = trials.map((t) => t.load.scheduleLagP99Us).filter((x): x is number => x !== null);
  if (lags.length > 0 && limits.maxScheduleLagP99Us !== null) {
    const lag = median(lags);
    if (lag > limits.maxScheduleLagP99Us) reasons.push(`load generator lag: median schedule-lag p99 ${Math.round(lag)} µs > ${limits.maxScheduleLagP99Us} µs`);
  }
  const probes = probeFigures(record, level.profile, notes);
  if (probes) {
    const unmeasured: string[] = [];
    const check = (value: number | null, limit: number | null, what: string) => {
      if (value === null) unmeasured.push(what);
      else if (limit !== null && value > limit) reasons.push(`${what} ${pct(value)} > ${pct(limit)}`);
    };
    check(probes.stealPctMean, limits.maxStealPctMean, 'mean CPU steal');
    check(probes.stealPctMax, limits.maxStealPctMax, 'peak CPU steal');
    check(probes.cpuPressurePct, limits.maxCpuPressurePct, 'CPU pressure (PSI some)');
    check(probes.throttledPct, limits.maxThrottledPct, 'CPU throttling');
    if (unmeasured.length > 0) notes.push(`not measured on profile ${level.profile}, so not checked: ${unmeasured.join(', ')}`);
  }
  return { noisy: reasons.length > 0, reasons, notes };
}

function probeFigures(record: ComparableRecord, profile: string, notes: string[]): ProbeFigures | undefined {
  if (record.probes === undefined) {
    notes.push('the record has no probe summary: steal, CPU pressure and throttling were not checked');
    return undefined;
  }
  const figures = record.probes.find((p) => p.profile === profile);
  if (!figures) notes.push(`no probe figures for profile ${profile}: steal, CPU pressure and throttling were not checked`);
  return figures;
}
