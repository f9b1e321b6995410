/** Every chart of a run's report, in reading order; charts without data are left out. */
import { reportProbesFromRecord, type ReportProbes } from '../probes.js';
import type { ResultRecord } from '../../record/schema.js';
import { capacityChart } from './capacity.js';
import { latencySpectrumChart } from './latency-spectrum.js';
import { probeTimelineChart } from './probe-timeline.js';
import { profilesChart } from './profiles.js';
import { roundTaxChart } from './round-tax.js';
import { sidecarCostChart } from './sidecar-cost.js';
import { taxVsRateChart } from './tax-vs-rate.js';
import type { Chart } from './types.js';

export type { Chart } from './types.js';
export { capacityChart, latencySpectrumChart, probeTimelineChart, profilesChart, roundTaxChart, sidecarCostChart, taxVsRateChart };

/** `probes` default: what the record's trials carry. */
export function reportCharts(record: ResultRecord, probes: ReportProbes = reportProbesFromRecord(record)): Chart[] {
  const charts: Array<Chart | null> = [
    capacityChart(record),
    taxVsRateChart(record),
    latencySpectrumChart(record),
    profilesChart(record),
    roundTaxChart(record),
    probeTimelineChart(record, probes.timeline),
    sidecarCostChart(probes.sidecars),
  ];
  return charts.filter((c): c is Chart => c !== null);
}
