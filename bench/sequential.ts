/**
 * Benchmark (figures, not a test): the sequential stopping rule's error rate (src/stats/sequential.ts).
 * Simulated runs whose true tax sits exactly on the budget (any PASS or FAIL is wrong) or a margin
 * away from it; each run looks at the planned round counts and stops when decided. Printed: the
 * share of PASS / FAIL / INCONCLUSIVE and the mean rounds used, with the Bonferroni correction and
 * without it (every look at the plain 95%: the error a naive "stop when it looks decided" makes).
 *   npm run bench:sequential [-- --reps 400 --resamples 500 --margins 0,150,-150 --scenarios lognormal,normal]
 */
import { parseArgs } from 'node:util';
import { DEFAULT_LOOKS } from '../src/stats/sequential.js';
import { simulateSequential } from '../src/stats/testing/sequential-sim.js';
import { SCENARIOS } from '../src/stats/testing/simulate.js';

const { values } = parseArgs({
  options: {
    reps: { type: 'string', default: '400' },
    resamples: { type: 'string', default: '500' },
    margins: { type: 'string', default: '0,150,-150' },
    scenarios: { type: 'string', default: 'lognormal,normal' },
    percentile: { type: 'string', default: '99' },
    requests: { type: 'string', default: '1000' },
  },
});
const list = (s: string | undefined) => (s ?? '').split(',').filter((x) => x !== '');
const plan = { looks: DEFAULT_LOOKS, confidence: 0.95 };
const pct = (x: number) => (100 * x).toFixed(1).padStart(5);
console.log(`looks at ${plan.looks.join(', ')} rounds, 95% overall; p${values.percentile}; ${values.reps} runs per line`);
console.log('scenario    budget−truth µs  rule          PASS%  FAIL%  INCONCL%  mean rounds');
for (const scenario of SCENARIOS.filter((s) => list(values.scenarios).includes(s.name))) {
  for (const marginUs of list(values.margins).map(Number)) {
    for (const uncorrected of [false, true]) {
      const r = simulateSequential({ scenario, plan, percentile: Number(values.percentile), marginUs, requestsPerTrial: Number(values.requests), repetitions: Number(values.reps), resamples: Number(values.resamples), seed: 77, uncorrected });
      console.log(`${scenario.name.padEnd(11)} ${String(marginUs).padStart(15)}  ${(uncorrected ? 'uncorrected' : 'bonferroni').padEnd(12)} ${pct(r.pass)}  ${pct(r.fail)}  ${pct(r.inconclusive)}     ${r.meanRounds.toFixed(1)}`);
    }
  }
}
