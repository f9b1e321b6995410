/**
 * A known step put into a real run, for power figures: the record's mesh trials get their
 * latencies moved by `addUs` — every request (`fromQuantile` 0), or only those at or above a
 * quantile of each trial (a tail step). The baseline trials and the noise stay what was measured.
 */
import type { ResultRecord, TrialRecord } from '../src/record/schema.js';
import { decodeHistogram, encodeHistogram, newLatencyHistogram } from '../src/stats/histogram.js';
import { spectrumOf, totalCount } from '../src/stats/index.js';

export interface Step {
  readonly addUs: number;
  readonly fromQuantile: number;
}

function shiftEncoded(base64: string, step: Step): string {
  const spectrum = spectrumOf(decodeHistogram(base64));
  const total = totalCount(spectrum);
  const shifted = newLatencyHistogram();
  let below = 0;
  for (let i = 0; i < spectrum.valuesUs.length; i++) {
    const value = spectrum.valuesUs[i]!;
    const count = spectrum.counts[i]!;
    shifted.recordValueWithCount(below >= step.fromQuantile * total ? value + step.addUs : value, count);
    below += count;
  }
  return encodeHistogram(shifted);
}

function shiftTrial(trial: TrialRecord, step: Step): TrialRecord {
  if (trial.variant !== 'mesh') return trial;
  const { load } = trial;
  return {
    ...trial,
    load: {
      ...load,
      latencyHistogram: shiftEncoded(load.latencyHistogram, step),
      serviceHistogram: load.serviceHistogram === null ? null : shiftEncoded(load.serviceHistogram, step),
    },
  };
}

export function shiftMeshLatencies(record: ResultRecord, step: Step): ResultRecord {
  return { ...record, trials: record.trials.map((t) => shiftTrial(t, step)) };
}
