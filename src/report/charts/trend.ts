/**
 * The nightly trend of a scenario's tax: one line per load level and percentile, a rule where
 * change-point detection found a step. Noisy nights are left out of the series.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { SeriesAnalysis } from '../../compare/index.js';
import { pLabel } from '../format.js';
import { frame, PANEL } from './theme.js';
import type { Chart } from './types.js';

const levelText = (s: SeriesAnalysis) => `${s.profile} @ ${s.rateRps} rps${s.newConnectionEvery > 0 ? `, new connection every ${s.newConnectionEvery}` : ''}`;

export function trendChart(scenario: string, series: readonly SeriesAnalysis[]): Chart {
  const points = series.flatMap((s) => s.points.map((p) => ({ night: p.startedAt, taxUs: p.taxUs, runId: p.runId, series: `${levelText(s)} ${pLabel(s.percentile)}` })));
  const steps = series.flatMap((s) =>
    s.changePoints.map((cp) => ({ night: cp.startedAt, series: `${levelText(s)} ${pLabel(s.percentile)}`, label: `step ${cp.change >= 0 ? '+' : ''}${Math.round(cp.change)} µs` })),
  );
  const x = { field: 'night', type: 'temporal' as const, title: 'Night (run start)' };
  const color = { field: 'series', type: 'nominal' as const, title: 'Load level and percentile' };
  const spec: TopLevelSpec = {
    ...frame(`Tax over the nights — ${scenario}`, 'Median tax per night (mesh − baseline, µs); vertical rules: change points (E-divisive means)'),
    width: PANEL.width,
    height: PANEL.height,
    layer: [
      {
        data: { values: points },
        mark: { type: 'line', point: true },
        encoding: { x, y: { field: 'taxUs', type: 'quantitative', title: 'Tax (µs)' }, color, tooltip: [{ field: 'runId' }, { field: 'taxUs', title: 'tax µs' }] },
      },
      {
        data: { values: steps.length ? steps : [{ night: null, series: '', label: '' }] },
        mark: { type: 'rule', strokeDash: [4, 3], strokeWidth: 2 },
        encoding: { x, color, tooltip: [{ field: 'label' }] },
      },
    ],
  };
  return {
    id: 'trend',
    title: 'Tax over the nights',
    caption: 'Each point is one night’s median tax; a dashed rule marks a change point — a step the history shows even when each night alone looks like noise.',
    spec,
  };
}
