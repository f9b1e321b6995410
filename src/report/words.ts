/**
 * The verdict in words a buyer understands: what the sidecars add, how sure the run is, and
 * against what budget. Every report form (HTML, Markdown) takes its sentences from here.
 */
import { confidenceText, formatUs, pLabel } from './format.js';
import { levelKey, loadText } from './model.js';
import type { ResultRecord, SummaryRowRecord } from '../record/schema.js';

type Verdict = ResultRecord['verdict'];

export interface VerdictStatement {
  readonly verdict: Verdict;
  /** One sentence: the answer. */
  readonly headline: string;
  /** One sentence per figure that decided the verdict. */
  readonly reasons: readonly string[];
  /** What the sidecars cost per profile, when the probes measured it. */
  readonly costs: readonly string[];
  /** What to do about an unresolved or partial run; empty when there is nothing to do. */
  readonly advice: readonly string[];
}

/** The rows that count for the verdict (settings.verdictPercentiles). */
export function verdictRows(record: ResultRecord): SummaryRowRecord[] {
  return record.summary.filter((r) => record.settings.verdictPercentiles.includes(r.percentile));
}

export function verdictStatement(record: ResultRecord): VerdictStatement {
  return {
    verdict: record.verdict,
    headline: headline(record),
    reasons: decidingRows(record).map((row) => rowSentence(row, record)),
    costs: costSentences(record),
    advice: advice(record),
  };
}

function headline(record: ResultRecord): string {
  const budget = formatUs(record.budgetUs);
  const proxies = meshProxies(record);
  if (record.summary.length === 0) return `INCONCLUSIVE — nothing was measured, so there is no answer against the ${budget} budget.`;
  if (record.verdict === 'PASS') return `PASS — the ${proxies} stay within the ${budget} latency budget at every percentile that counts.`;
  if (record.verdict === 'FAIL') return `FAIL — the ${proxies} add more latency than the ${budget} budget allows.`;
  return `INCONCLUSIVE — this run cannot tell whether the ${proxies} stay within the ${budget} budget.`;
}

const dataPlaneOf = (record: ResultRecord, profile: string) => record.profiles.find((p) => p.profile === profile)?.dataPlane ?? 'sidecar';

/** `sidecars`; `ztunnels` for an ambient run; `sidecars and ztunnels` when it measured both. */
function meshProxies(record: ResultRecord): string {
  const planes = new Set(record.profiles.map((p) => p.dataPlane ?? 'sidecar'));
  if (planes.has('ambient')) return planes.has('sidecar') ? 'sidecars and ztunnels' : 'ztunnels';
  return 'sidecars';
}

/**
 * FAIL: the failing rows; INCONCLUSIVE: the unresolved rows; PASS: per load level, the highest
 * percentile that counts (the tightest one).
 */
export function decidingRows(record: ResultRecord): SummaryRowRecord[] {
  const rows = verdictRows(record);
  if (record.verdict !== 'PASS') {
    const matching = rows.filter((r) => r.verdict === record.verdict);
    return matching.length > 0 ? matching : rows.filter((r) => r.verdict !== 'PASS');
  }
  const highest = new Map<string, SummaryRowRecord>();
  for (const row of rows) {
    const key = levelKey(row);
    const seen = highest.get(key);
    if (seen === undefined || row.percentile > seen.percentile) highest.set(key, row);
  }
  return [...highest.values()];
}

/** "On dedicated nodes at 500 rps, p99: the mesh adds 1.44 ms …". */
export function rowSentence(row: SummaryRowRecord, record: ResultRecord): string {
  const where = `On ${row.profile} nodes at ${loadText(row)}, ${pLabel(row.percentile)}`;
  const adds = row.taxUs === null ? 'the tax could not be measured' : `the mesh adds ${formatUs(row.taxUs)} (${formatUs(row.baselineUs)} without the mesh, ${formatUs(row.meshUs)} with it)`;
  return `${where}: ${adds}; ${rangeClause(row, record)}${noiseClause(row)}`;
}

function rangeClause(row: SummaryRowRecord, record: ResultRecord): string {
  const [lo, hi] = row.ciUs;
  const sure = `${confidenceText(record.settings.confidence)} sure`;
  const budget = formatUs(record.budgetUs);
  if (lo === null || hi === null) return `how far it could be off is unknown (${unknownWhy(row)}).`;
  const range = `${sure} it lies between ${formatUs(lo)} and ${formatUs(hi)}`;
  if (hi <= record.budgetUs) return `${range}, all of it within the ${budget} budget.`;
  if (lo > record.budgetUs) return `${range}, all of it above the ${budget} budget.`;
  return `${range}: that range reaches past the ${budget} budget, so the run cannot decide.`;
}

function unknownWhy(row: SummaryRowRecord): string {
  const explained = row.flags.filter((f) => f === 'too-few-rounds' || f.startsWith('invalid-trials:') || f.startsWith('dropped-rounds:'));
  return explained.length > 0 ? explained.map(explainFlag).join('; ') : 'too few valid rounds';
}

/**
 * The noise floor in words that cannot contradict the range: "cannot be told from zero" only when
 * the range itself holds zero; a range clear of zero has been told from it, whatever flag a record
 * (an older one, or one edited by hand) carries.
 */
function noiseClause(row: SummaryRowRecord): string {
  if (row.noiseFloorUs === null) return ' The noise floor of this run is unknown.';
  if (shownFlags(row).includes('tax-below-noise-floor')) return ` This tax is smaller than the run's noise floor (±${formatUs(row.noiseFloorUs)}, baseline against itself) and its range holds zero: it cannot be told from zero on this machine.`;
  return ` The run's noise floor (baseline against itself) is ±${formatUs(row.noiseFloorUs)}.`;
}

/** "On dedicated nodes the two sidecars used 401 millicores …" per profile with a measured cost. */
export function costSentences(record: ResultRecord): string[] {
  return record.probes.flatMap((p) => {
    if (p.sidecarMillicoresPer1000Rps === null && p.sidecarRssMiB === null) return [];
    const cpu = p.sidecarMillicoresPer1000Rps === null ? null : `${Math.round(p.sidecarMillicoresPer1000Rps)} millicores of CPU (${(p.sidecarMillicoresPer1000Rps / 10).toFixed(0)}% of a core) per 1000 requests per second`;
    const memory = p.sidecarRssMiB === null ? null : `up to ${p.sidecarRssMiB.toFixed(0)} MiB of memory each`;
    const ambient = dataPlaneOf(record, p.profile) === 'ambient';
    const where = ambient ? `On ${p.profile.replace(/-ambient$/, '')} nodes with ambient the client and server ztunnels` : `On ${p.profile} nodes the client and server sidecars`;
    return [`${where} used ${[cpu, memory].filter((x) => x !== null).join(', and ')}.`];
  });
}

function advice(record: ResultRecord): string[] {
  const out: string[] = [];
  if (record.state === 'partial') out.push(`This run was stopped early (${record.partialReason ?? 'interrupted'}): the figures cover only what was measured.`);
  if (record.verdict !== 'INCONCLUSIVE') return out;
  const invalid = record.levels.reduce((n, l) => n + l.invalidTrials, 0);
  if (invalid > 0) out.push(`${invalid} trial(s) were invalid and left out — usually a machine too busy to hold the offered rate. Run on a quieter machine or at a lower rate.`);
  const capped = record.stopping?.levels.some((l) => l.reason === 'max-duration') === true;
  const more = capped ? 'More time (--max-duration) lets the run reach its later looks and narrow the range' : record.stopping ? 'More rounds (sequential.maxRounds) narrow the range' : 'More rounds (--rounds) narrow the range';
  out.push(`${more}; a quieter machine lowers the noise floor.`);
  return out;
}

const rangeHoldsZero = (row: Pick<SummaryRowRecord, 'ciUs'>): boolean => row.ciUs[0] !== null && row.ciUs[1] !== null && row.ciUs[0] <= 0 && 0 <= row.ciUs[1];

/** A row's flags as the words show them: "below the noise floor" only beside a range that holds zero. */
export function shownFlags(row: Pick<SummaryRowRecord, 'flags' | 'ciUs'>): string[] {
  return row.flags.filter((f) => f !== 'tax-below-noise-floor' || rangeHoldsZero(row));
}

/** Flags that follow from the rounds, so every percentile of a level carries them alike. */
const LEVEL_FLAGS = ['too-few-rounds', 'noise-floor-unknown', 'invalid-trials', 'dropped-rounds', 'unbalanced-rounds', 'too-many-dropped', 'dropped-one-sided', 'mesh-requests-failed'];
const isLevelFlag = (flag: string): boolean => LEVEL_FLAGS.includes(flag.split(':')[0] ?? flag);

/** Notes for a level's table: round-wide flags once, then what concerns single percentiles. */
export function levelNotes(rows: readonly SummaryRowRecord[]): string[] {
  const levelWide = [...new Set(rows.flatMap((r) => r.flags.filter(isLevelFlag)))].map(explainFlag);
  const perRow = rows.flatMap((r) => {
    const own = shownFlags(r).filter((f) => !isLevelFlag(f));
    return own.length > 0 ? [`${pLabel(r.percentile)}: ${own.map(explainFlag).join('; ')}`] : [];
  });
  return [...levelWide.map((n) => n.charAt(0).toUpperCase() + n.slice(1)), ...perRow];
}

/** A row flag in plain words. */
export function explainFlag(flag: string): string {
  const [name, value] = flag.split(':');
  switch (name) {
    case 'tax-below-noise-floor':
      return 'the tax is below the noise floor (cannot be told from zero)';
    case 'too-few-rounds':
      return 'too few valid rounds for a verdict';
    case 'noise-floor-unknown':
      return 'noise floor unknown (too few rounds with both baseline trials)';
    case 'closed-loop':
      return 'closed-loop load: a slow response delays the next request and hides the tail — a throughput figure, not a tax; no verdict';
    case 'too-few-samples':
      return `too few requests on a side for this percentile (${value ?? '?'}), so no verdict; run longer or at a higher rate`;
    case 'too-many-dropped':
      return `${value ?? '?'} trials were dropped, more than 20%: no PASS from what remains`;
    case 'dropped-one-sided': {
      const [side, mesh, baseline] = (flag.split(':').slice(1).join(':')).split(/[:/]/);
      const flattered = side === 'mesh' ? 'PASS' : 'FAIL';
      return `the dropped trials fell on the ${side} side (${mesh} mesh, ${baseline} baseline), more than chance explains: the ${side} trials kept may be its fastest, so no ${flattered}`;
    }
    case 'mesh-requests-failed':
      return `${value ?? '?'} mesh trial(s) had more than 1% of requests fail; they count, each failure as a 5 s response — failures are part of the tax`;
    case 'invalid-trials':
      return `${value ?? '?'} trial(s) invalid and left out`;
    case 'dropped-rounds':
      return `${value ?? '?'} round(s) without a valid trial of one side, left out`;
    case 'unbalanced-rounds':
      return `${value ?? '?'} round(s) with only one trial of a side, so drift within them is not cancelled`;
    default:
      return flag;
  }
}
