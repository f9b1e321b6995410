/**
 * Fortio's result JSON (fhttp.HTTPRunnerResults as Fortio writes it), one file per load level and
 * variant, so the results open in Fortio's report UI (`fortio report -data-dir <dir>`) as
 * Nighthawk's `--output-format fortio` does. Durations in seconds, ActualDuration in ns (Go's
 * time.Duration). What Fortio has no field for (the tax, its CI) stays in the record.
 */
import type { ResultRecord } from '../../record/index.js';
import type { LatencyHistogram } from '../../stats/index.js';
import { parseHgrm, toHgrm } from './hgrm.js';
import type { LevelVariant } from './level-variants.js';
import { variantLabel } from './level-variants.js';

const US = 1e-6;
/** Fortio's default percentiles, plus p90. */
const PERCENTILES = [50, 75, 90, 99, 99.9];

export interface FortioBucket {
  Start: number;
  End: number;
  Percent: number;
  Count: number;
}

export interface FortioHistogram {
  Count: number;
  Min: number;
  Max: number;
  Sum: number;
  Avg: number;
  StdDev: number;
  Data: FortioBucket[];
  Percentiles: Array<{ Percentile: number; Value: number }>;
}

export interface FortioResult {
  RunType: 'HTTP';
  Labels: string;
  StartTime: string;
  RequestedQPS: string;
  RequestedDuration: string;
  ActualQPS: number;
  ActualDuration: number;
  NumThreads: number;
  Version: string;
  DurationHistogram: FortioHistogram;
  ErrorsDurationHistogram: FortioHistogram;
  Exactly: number;
  Jitter: boolean;
  Uniform: boolean;
  RunID: number;
  ID: string;
  RetCodes: Record<string, number>;
  URL: string;
  SocketCount: number;
  AbortOn: number;
}

export function toFortio(record: ResultRecord, v: LevelVariant): FortioResult {
  const first = v.trials[0]!;
  const arrival = (record.scenario.definition as { load?: { arrival?: string } }).load?.arrival;
  return {
    RunType: 'HTTP',
    Labels: `meshtax ${variantLabel(record, v)}`,
    StartTime: first.startedAt,
    RequestedQPS: String(v.rateRps),
    RequestedDuration: `${Number(v.durationS.toFixed(3))}s`,
    ActualQPS: Number(v.achievedRps.toFixed(3)),
    ActualDuration: Math.round(v.durationS * 1e9),
    NumThreads: v.connections,
    Version: `meshtax ${record.tool.version}`,
    DurationHistogram: durationHistogram(v),
    ErrorsDurationHistogram: emptyHistogram(),
    Exactly: 0,
    Jitter: arrival === 'poisson',
    Uniform: arrival !== 'poisson',
    RunID: 0,
    ID: `${record.runId}-${v.variant}`,
    RetCodes: Object.fromEntries(Object.entries(v.statusCounts)),
    URL: `meshtax://${record.scenario.name}/${v.variant}`,
    SocketCount: v.connections,
    AbortOn: 0,
  };
}

function durationHistogram(v: LevelVariant): FortioHistogram {
  const h = v.histogram;
  const count = h.totalCount;
  return {
    Count: count,
    Min: h.minNonZeroValue * US,
    Max: h.maxValue * US,
    Sum: h.mean * count * US,
    Avg: h.mean * US,
    StdDev: h.stdDeviation * US,
    Data: buckets(h),
    Percentiles: PERCENTILES.map((p) => ({ Percentile: p, Value: h.getValueAtPercentile(p) * US })),
  };
}

/** Fortio's buckets from the histogram's own percentile distribution: [previous value, value]. */
function buckets(h: LatencyHistogram): FortioBucket[] {
  const data: FortioBucket[] = [];
  let start = h.minNonZeroValue;
  let counted = 0;
  for (const row of parseHgrm(toHgrm(h))) {
    const n = row.totalCount - counted;
    if (n <= 0) continue;
    data.push({ Start: start * US, End: row.valueUs * US, Percent: Number(((100 * row.totalCount) / h.totalCount).toFixed(4)), Count: n });
    counted = row.totalCount;
    start = row.valueUs;
  }
  return data;
}

function emptyHistogram(): FortioHistogram {
  return { Count: 0, Min: 0, Max: 0, Sum: 0, Avg: 0, StdDev: 0, Data: [], Percentiles: [] };
}
