/**
 * Sidecars or ambient, side by side, for a run of a `dataPlane: both` scenario: per profile, load
 * level and percentile the sidecar pass's tax and the ambient pass's tax (`<profile>-ambient`),
 * each with its CI, and their difference with a Welch t interval on each pass's round-resampled
 * standard error (the statistic `meshtax report --side-by-side` uses); then what each data plane's
 * proxies cost per 1000 rps. Pure: a record in, a comparison out.
 *
 * The two passes ran one after the other in one run, each A B B A against its own baseline: the
 * interval holds the rounds' variation, not a drift of the machine between the passes.
 */
import { disturbance, levelKey, limitsFor, runTaxes, taxChange } from '../../compare/index.js';
import { RegressionSchema } from '../../config/index.js';
import type { ResultRecord } from '../../record/schema.js';
import { DEFAULT_RESAMPLES } from '../../stats/index.js';

const AMBIENT_SUFFIX = '-ambient';
export const DATA_PLANE_SEED = 0x616d62; // "amb"

export interface DataPlaneTax {
  readonly taxUs: number | null;
  readonly ciUs: readonly [number | null, number | null];
}

export interface DataPlaneRow {
  readonly profile: string;
  readonly rateRps: number;
  readonly newConnectionEvery: number;
  readonly percentile: number;
  readonly sidecar: DataPlaneTax;
  readonly ambient: DataPlaneTax;
  /** ambient − sidecar, µs (negative: ambient adds less). */
  readonly differenceUs: number | null;
  /** Welch t interval of the difference at the run's confidence; null ends: unknown (a pass below the rounds an interval needs). */
  readonly differenceCiUs: readonly [number | null, number | null];
}

export interface DataPlaneCost {
  readonly profile: string;
  readonly sidecarMillicoresPer1000Rps: number | null;
  readonly ztunnelMillicoresPer1000Rps: number | null;
  readonly sidecarRssMiB: number | null;
  readonly ztunnelRssMiB: number | null;
}

export interface DataPlaneComparison {
  readonly rows: readonly DataPlaneRow[];
  readonly costs: readonly DataPlaneCost[];
  readonly confidence: number;
  /** Passes measured on a disturbed machine (the config's default noise limits), in words: a difference from them says more about the host. */
  readonly warnings: readonly string[];
}

const NOISE = RegressionSchema.parse({});

export const DATA_PLANE_METHOD =
  'Tax = mesh − baseline of each pass (its own A B B A rounds); difference = ambient − sidecar, its interval a Welch t interval on each pass’s round-resampled standard error. ' +
  'The passes ran one after the other: a change of the machine between them is not in the interval.';

const isAmbient = (record: ResultRecord, profile: string) => record.profiles.find((p) => p.profile === profile)?.dataPlane === 'ambient';

type SummaryRow = ResultRecord['summary'][number];

const cache = new WeakMap<ResultRecord, DataPlaneComparison | null>();

/** Undefined when the run has no pair of sidecar and ambient passes. */
export function dataPlaneComparison(record: ResultRecord, options: { resamples?: number; seed?: number } = {}): DataPlaneComparison | undefined {
  const cached = options.resamples === undefined && options.seed === undefined ? cache.get(record) : undefined;
  if (cached !== undefined) return cached ?? undefined;
  const comparison = compare(record, options.resamples ?? DEFAULT_RESAMPLES, options.seed ?? DATA_PLANE_SEED);
  if (options.resamples === undefined && options.seed === undefined) cache.set(record, comparison ?? null);
  return comparison;
}

function compare(record: ResultRecord, resamples: number, seed: number): DataPlaneComparison | undefined {
  const standardErrors = new StandardErrors(record, { resamples, seed });
  const confidence = record.settings.confidence;
  const rows: DataPlaneRow[] = [];
  for (const amb of record.summary.filter((r) => isAmbient(record, r.profile) && r.profile.endsWith(AMBIENT_SUFFIX))) {
    const profile = amb.profile.slice(0, -AMBIENT_SUFFIX.length);
    const side = record.summary.find((r) => r.profile === profile && r.rateRps === amb.rateRps && r.newConnectionEvery === amb.newConnectionEvery && r.percentile === amb.percentile);
    if (!side) continue;
    rows.push({
      profile,
      rateRps: amb.rateRps,
      newConnectionEvery: amb.newConnectionEvery,
      percentile: amb.percentile,
      sidecar: { taxUs: side.taxUs, ciUs: side.ciUs },
      ambient: { taxUs: amb.taxUs, ciUs: amb.ciUs },
      ...difference(side, amb, standardErrors, confidence),
    });
  }
  if (rows.length === 0) return undefined;
  const costs = [...new Set(rows.map((r) => r.profile))].map((profile) => {
    const side = record.probes.find((p) => p.profile === profile);
    const amb = record.probes.find((p) => p.profile === `${profile}${AMBIENT_SUFFIX}`);
    return {
      profile,
      sidecarMillicoresPer1000Rps: side?.sidecarMillicoresPer1000Rps ?? null,
      ztunnelMillicoresPer1000Rps: amb?.sidecarMillicoresPer1000Rps ?? null,
      sidecarRssMiB: side?.sidecarRssMiB ?? null,
      ztunnelRssMiB: amb?.sidecarRssMiB ?? null,
    };
  });
  return { rows, costs, confidence, warnings: disturbedPasses(record, rows) };
}

function disturbedPasses(record: ResultRecord, rows: readonly DataPlaneRow[]): string[] {
  const levels = [...new Map(rows.map((r) => [levelKey(r), r])).values()];
  return levels.flatMap((level) =>
    (['sidecar', 'ambient'] as const).flatMap((plane) => {
      const profile = plane === 'ambient' ? `${level.profile}${AMBIENT_SUFFIX}` : level.profile;
      const d = disturbance(record, { ...level, profile }, limitsFor(profile, NOISE));
      return d.reasons.length > 0 ? [`The ${plane} pass (${profile}, ${level.rateRps} rps) was measured on a disturbed machine: ${d.reasons.join('; ')}.`] : [];
    }),
  );
}

/** The difference of the rows' taxes (as the summary states them), its interval from the passes' standard errors. */
function difference(side: SummaryRow, amb: SummaryRow, ses: StandardErrors, confidence: number): Pick<DataPlaneRow, 'differenceUs' | 'differenceCiUs'> {
  if (side.taxUs === null || amb.taxUs === null) return { differenceUs: null, differenceCiUs: [null, null] };
  const change = taxChange({ taxUs: side.taxUs, ...ses.at(side) }, { taxUs: amb.taxUs, ...ses.at(amb) }, null, confidence);
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  return { differenceUs: amb.taxUs - side.taxUs, differenceCiUs: [finite(change.ciUs[0]), finite(change.ciUs[1])] };
}

/** Each level's round-resampled SE per percentile, computed once per level. */
class StandardErrors {
  private readonly levels = new Map<string, { seUs: number[]; rounds: number }>();
  constructor(
    private readonly record: ResultRecord,
    private readonly bootstrap: { resamples: number; seed: number },
  ) {}

  at(row: SummaryRow): { seUs: number; rounds: number } {
    const key = levelKey(row);
    let level = this.levels.get(key);
    if (!level) {
      const trials = this.record.trials.filter((t) => !t.warmup && levelKey(t) === key);
      level = runTaxes(trials, this.record.settings.percentiles, this.bootstrap);
      this.levels.set(key, level);
    }
    return { seUs: level.seUs[this.record.settings.percentiles.indexOf(row.percentile)] ?? Number.NaN, rounds: level.rounds };
  }
}
