// Test and benchmark support only: how often each interval method covers the true tax.
import { intervalFrom, type IntervalMethod } from '../interval.js';
import { MergedTax } from '../merged-tax.js';
import { randomSource, simulateRun, trueTaxUs, type Scenario } from './simulate.js';

export interface CoverageSpec {
  readonly scenario: Scenario;
  readonly rounds: number;
  readonly requestsPerTrial: number;
  readonly percentiles: readonly number[];
  readonly methods: readonly IntervalMethod[];
  readonly repetitions: number;
  readonly resamples: number;
  readonly confidence: number;
  readonly seed: number;
  /** Requests pooled for the truth. Default 4 000 000. */
  readonly pooledRequests?: number;
}

export interface CoverageCell {
  readonly method: IntervalMethod;
  readonly percentile: number;
  readonly trueTaxUs: number;
  /** Share of runs whose interval held the truth. */
  readonly coverage: number;
  /** Share whose upper end fell below the truth: the side that gives a false PASS. */
  readonly missHigh: number;
  /** Share whose lower end lay above the truth: the side that gives a false FAIL. */
  readonly missLow: number;
  /** Median interval width, µs. */
  readonly medianWidthUs: number;
}

export function measureCoverage(spec: CoverageSpec): CoverageCell[] {
  const runSpec = { rounds: spec.rounds, requestsPerTrial: spec.requestsPerTrial };
  const truth = trueTaxUs(spec.scenario, runSpec, spec.percentiles, spec.seed ^ 0x7a11, spec.pooledRequests);
  const random = randomSource(spec.seed);
  const tallies = spec.methods.flatMap((method) => spec.percentiles.map((percentile, k) => ({ method, percentile, k, high: 0, low: 0, widths: [] as number[] })));
  for (let rep = 0; rep < spec.repetitions; rep++) {
    const engine = new MergedTax(simulateRun(spec.scenario, runSpec, random), spec.percentiles);
    const estimate = engine.figures().taxUs;
    const replicates = engine.bootstrapTaxes(spec.resamples, (spec.seed + rep * 7919) >>> 0);
    const jackknife = engine.jackknifeTaxes();
    const studentized = spec.methods.includes('studentized') ? engine.studentizedTaxes(spec.resamples, (spec.seed + rep * 104729) >>> 0, estimate) : undefined;
    for (const t of tallies) {
      const [low, high] = intervalFrom(t.method, { estimate: estimate[t.k]!, replicates: replicates[t.k]!, jackknife: jackknife[t.k]!, studentized: studentized?.[t.k], confidence: spec.confidence });
      if (high < truth[t.k]!) t.high++;
      if (low > truth[t.k]!) t.low++;
      t.widths.push(high - low);
    }
  }
  return tallies.map((t) => {
    const widths = t.widths.sort((a, b) => a - b);
    return {
      method: t.method,
      percentile: t.percentile,
      trueTaxUs: truth[t.k]!,
      coverage: 1 - (t.high + t.low) / spec.repetitions,
      missHigh: t.high / spec.repetitions,
      missLow: t.low / spec.repetitions,
      medianWidthUs: widths[widths.length >> 1]!,
    };
  });
}
