/**
 * HdrHistogram's percentile distribution text (`.hgrm`), the form HdrHistogram's plotter and
 * wrk2/Gatling users read. Values are microseconds (scaling ratio 1).
 */
import type { LatencyHistogram } from '../../stats/index.js';

/** Percentile ticks per half distance to 100%: HdrHistogram's default. */
const TICKS_PER_HALF_DISTANCE = 5;

export function toHgrm(histogram: LatencyHistogram): string {
  return histogram.outputPercentileDistribution(TICKS_PER_HALF_DISTANCE, 1);
}

export interface HgrmRow {
  readonly valueUs: number;
  /** 0..1 */
  readonly percentile: number;
  readonly totalCount: number;
}

/** The rows of a `.hgrm` text (header, footer and comment lines skipped). */
export function parseHgrm(text: string): HgrmRow[] {
  const rows: HgrmRow[] = [];
  for (const line of text.split('\n')) {
    const cells = line.trim().split(/\s+/);
    if (cells.length < 3 || line.trim().startsWith('#')) continue;
    const [value, percentile, total] = cells.map(Number) as [number, number, number];
    if (![value, percentile, total].every(Number.isFinite)) continue;
    rows.push({ valueUs: value, percentile, totalCount: total });
  }
  return rows;
}
