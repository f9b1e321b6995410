// Test and benchmark support only: how often the sequential stopping rule gives a wrong verdict.
import { lookConfidence, shouldStop, type StoppingPlan } from '../sequential.js';
import { summarize } from '../summarize.js';
import { overallVerdict } from '../verdict.js';
import { randomSource, simulateTrials, trueTaxUs, type Scenario } from './simulate.js';

export interface SequentialSpec {
  readonly scenario: Scenario;
  readonly plan: StoppingPlan;
  readonly percentile: number;
  /** The budget minus the true tax at the percentile, µs: 0 puts the truth on the budget. */
  readonly marginUs: number;
  readonly requestsPerTrial: number;
  readonly repetitions: number;
  readonly resamples: number;
  readonly seed: number;
  /** Judge every look at the plain confidence (no correction for looking again): the wrong way. */
  readonly uncorrected?: boolean;
}

export interface SequentialResult {
  readonly trueTaxUs: number;
  readonly budgetUs: number;
  readonly pass: number;
  readonly fail: number;
  readonly inconclusive: number;
  readonly meanRounds: number;
}

export function simulateSequential(spec: SequentialSpec): SequentialResult {
  const maxRounds = spec.plan.looks[spec.plan.looks.length - 1]!;
  const [truth] = trueTaxUs(spec.scenario, { rounds: maxRounds, requestsPerTrial: spec.requestsPerTrial }, [spec.percentile], spec.seed ^ 0x7a11);
  const budgetUs = truth! + spec.marginUs;
  const random = randomSource(spec.seed);
  const tally = { pass: 0, fail: 0, inconclusive: 0, rounds: 0 };
  for (let rep = 0; rep < spec.repetitions; rep++) {
    const trials = simulateTrials(spec.scenario, { rounds: maxRounds, requestsPerTrial: spec.requestsPerTrial }, random);
    for (const look of spec.plan.looks) {
      const sofar = trials.filter((t) => t.round < look);
      const seed = (spec.seed + rep * 31 + look) >>> 0;
      const common = { trials: sofar, budgetUs, resamples: spec.resamples, seed };
      let stop: boolean;
      let verdict: string;
      if (spec.uncorrected) {
        const rows = summarize({ ...common, percentiles: [spec.percentile], confidence: spec.plan.confidence });
        verdict = overallVerdict(rows);
        stop = verdict !== 'INCONCLUSIVE' || look === maxRounds;
      } else {
        const d = shouldStop({ ...common, roundsDone: look, verdictPercentiles: [spec.percentile], plan: spec.plan });
        verdict = overallVerdict(d.rows);
        stop = d.stop;
      }
      if (stop) {
        tally.rounds += look;
        if (verdict === 'PASS') tally.pass++;
        else if (verdict === 'FAIL') tally.fail++;
        else tally.inconclusive++;
        break;
      }
    }
  }
  const n = spec.repetitions;
  return { trueTaxUs: truth!, budgetUs, pass: tally.pass / n, fail: tally.fail / n, inconclusive: tally.inconclusive / n, meanRounds: tally.rounds / n };
}

export { lookConfidence };
