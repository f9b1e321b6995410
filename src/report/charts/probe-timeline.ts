/**
 * Host signals on the run's time line, under the latency of each trial: a tail that jumps when
 * steal, throttling or disk await jump was caused by the machine, not by the sidecars.
 * Drawn only when the report is given probe points.
 */
import type { TopLevelSpec } from 'vega-lite';
import { trialTimeline } from '../model.js';
import { PROBE_SIGNALS, type ProbePoint, type ProbeSignal } from '../probes.js';
import type { ResultRecord } from '../../record/schema.js';
import { frame, VARIANT_LEGEND_LABELS, VARIANT_SCALE } from './theme.js';
import type { Chart } from './types.js';

const TITLE = 'Latency and host signals over the run';
const WIDTH = 620;
const X_TITLE = 'Time since the run started (s)';

export function probeTimelineChart(record: ResultRecord, timeline: readonly ProbePoint[] | undefined): Chart | null {
  if (timeline === undefined || timeline.length === 0) return null;
  const signals = (Object.keys(PROBE_SIGNALS) as ProbeSignal[]).filter((s) => timeline.some((p) => p.signal === s));
  const spec: TopLevelSpec = {
    ...frame(TITLE, 'Top: p99 of each trial; below: what the probes saw at the same time'),
    description: 'Per-trial p99 latency and host probe signals against time since the run started.',
    vconcat: [latencyPanel(record), ...signals.map((s) => signalPanel(record, timeline, s))],
    resolve: { scale: { x: 'shared', color: 'independent' } },
  };
  return {
    id: 'probe-timeline',
    title: TITLE,
    caption:
      'Each short line on top is one trial (its p99), blue without and red with the mesh; faint ones are warm-up or invalid. ' +
      'If the tail rises while steal, throttling or disk await rise, the machine — not the mesh — made the tail.',
    spec,
  };
}

function latencyPanel(record: ResultRecord) {
  const values = trialTimeline(record).map((t) => ({ ...t, counted: !t.warmup && t.valid }));
  return {
    width: WIDTH,
    height: 160,
    title: { text: 'p99 of each trial (µs)', fontSize: 12 },
    data: { values },
    mark: { type: 'rule' as const, strokeWidth: 4 },
    encoding: {
      x: { field: 'startS', type: 'quantitative' as const, title: X_TITLE },
      x2: { field: 'endS' },
      y: { field: 'p99Us', type: 'quantitative' as const, title: 'p99 latency (µs)' },
      color: { field: 'variant', type: 'nominal' as const, scale: VARIANT_SCALE, legend: { title: null, labelExpr: VARIANT_LEGEND_LABELS } },
      opacity: { condition: { test: 'datum.counted', value: 1 }, value: 0.25 },
      tooltip: [
        { field: 'index', title: 'Trial' },
        { field: 'variant', title: 'Deployment' },
        { field: 'p99Us', title: 'p99 (µs)', format: ',.0f' },
        { field: 'counted', title: 'Counted' },
      ],
    },
  };
}

function signalPanel(record: ResultRecord, timeline: readonly ProbePoint[], signal: ProbeSignal) {
  const t0 = Date.parse(record.startedAt);
  const { label, unit } = PROBE_SIGNALS[signal];
  const values = timeline.filter((p) => p.signal === signal).map((p) => ({ tS: (p.tMs - t0) / 1000, source: p.source, value: p.value }));
  const sources = [...new Set(values.map((v) => v.source))];
  const top = Math.max(0, ...values.map((v) => v.value));
  const where = sources.length === 1 ? `, on ${sources[0]}` : '';
  return {
    width: WIDTH,
    height: 110,
    title: { text: `${label} (${unit}${where})${top === 0 ? ' — none during the run' : ''}`, fontSize: 12 },
    data: { values },
    mark: { type: 'line' as const, strokeWidth: 1.5, interpolate: 'step-before' as const },
    encoding: {
      x: { field: 'tS', type: 'quantitative' as const, title: X_TITLE },
      y: { field: 'value', type: 'quantitative' as const, title: unit, scale: top > 0 ? { zero: true } : { domain: [0, 1] } },
      color: {
        field: 'source',
        type: 'nominal' as const,
        legend: sources.length > 1 ? { title: 'Measured on', orient: 'right' as const, direction: 'vertical' as const } : null,
      },
      tooltip: [
        { field: 'tS', title: 'Time (s)', format: '.1f' },
        { field: 'source', title: 'Measured on' },
        { field: 'value', title: unit, format: ',.2f' },
      ],
    },
  };
}
