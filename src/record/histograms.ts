/**
 * A record's raw histograms are its evidence: every reader (compare, report, history, a
 * --baseline) decodes them, so they are checked when the record is read — a string that does not
 * decode, or decodes into counts the trial cannot have, is bad input naming the file and trial.
 */
import { BadInputError } from '../errors.js';
import { decodeHistogram } from '../stats/histogram.js';
import type { TrialRecord } from './schema.js';

/** Latencies are recorded in 1 µs .. 60 s; HDR buckets may report a value a little above the top. */
const MAX_PLAUSIBLE_US = 61_000_000;

export function checkTrialHistograms(trials: readonly TrialRecord[], file: string): void {
  for (const [i, trial] of trials.entries()) {
    const where = `${file}: trials[${i}] (${trial.profile}, ${trial.rateRps} rps, round ${trial.round}, ${trial.variant})`;
    const latency = histogramProblem(trial.load.latencyHistogram, trial.load.model === 'open' ? trial.load.completed : undefined, Math.max(trial.load.sent, trial.load.completed));
    if (latency) throw new BadInputError(`${where}: load.latencyHistogram ${latency}.`, 'The file was changed or damaged after meshtax wrote it; use an intact copy or rerun the scenario.');
    if (trial.load.serviceHistogram !== null) {
      const service = histogramProblem(trial.load.serviceHistogram, undefined, Math.max(trial.load.sent, trial.load.completed));
      if (service) throw new BadInputError(`${where}: load.serviceHistogram ${service}.`, 'The file was changed or damaged after meshtax wrote it; use an intact copy or rerun the scenario.');
    }
  }
}

/** Why `encoded` is not this trial's histogram, or undefined when it is plausible. */
export function histogramProblem(encoded: string, expectedCount: number | undefined, maxCount: number): string | undefined {
  let histogram;
  try {
    histogram = decodeHistogram(encoded);
  } catch (error) {
    return `does not decode (${(error as Error).message})`;
  }
  const count = histogram.totalCount;
  if (!Number.isSafeInteger(count) || count < 0) return `decodes into an impossible count (${count})`;
  if (expectedCount !== undefined && count !== expectedCount) return `holds ${count} latencies but the trial completed ${expectedCount} requests`;
  if (count > maxCount) return `holds ${count} latencies but the trial sent only ${maxCount} requests`;
  if (count > 0 && (histogram.minNonZeroValue < 1 || histogram.maxValue > MAX_PLAUSIBLE_US)) return `decodes into latencies outside 1 µs .. 60 s (${histogram.minNonZeroValue}..${histogram.maxValue} µs)`;
  return undefined;
}
