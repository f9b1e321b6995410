/**
 * Benchmark (figures, not a test): do the tax's confidence intervals cover what they claim?
 * Simulated runs (normal, lognormal, heavy-tailed, drifting data; src/stats/testing/simulate.ts)
 * with a known true tax; for each interval method and round count, the share of runs whose
 * interval held the truth, and the share that missed on each side.
 *   npm run bench:coverage [-- --reps 400 --resamples 1000 --rounds 3,4,5,8,14,40 --requests 1000]
 */
import { parseArgs } from 'node:util';
import { INTERVAL_METHODS, type IntervalMethod } from '../src/stats/interval.js';
import { measureCoverage } from '../src/stats/testing/coverage.js';
import { SCENARIOS } from '../src/stats/testing/simulate.js';

const { values } = parseArgs({
  options: {
    reps: { type: 'string', default: '400' },
    resamples: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '3,4,5,8,14,40' },
    requests: { type: 'string', default: '1000' },
    percentiles: { type: 'string', default: '50,99' },
    methods: { type: 'string', default: INTERVAL_METHODS.join(',') },
    scenarios: { type: 'string', default: SCENARIOS.map((s) => s.name).join(',') },
    confidence: { type: 'string', default: '0.95' },
  },
});
const list = (s: string | undefined) => (s ?? '').split(',').filter((x) => x !== '');
const methods = list(values.methods) as IntervalMethod[];
const percentiles = list(values.percentiles).map(Number);
const confidence = Number(values.confidence);
const pct = (x: number) => (100 * x).toFixed(1).padStart(5);

console.log(`coverage of ${confidence} intervals; ${values.reps} runs per cell, ${values.resamples} resamples, ${values.requests} requests per trial`);
console.log('scenario      rounds  p     method           true tax µs  coverage%  miss-high%  miss-low%  median width µs');
for (const scenario of SCENARIOS.filter((s) => list(values.scenarios).includes(s.name))) {
  for (const rounds of list(values.rounds).map(Number)) {
    const started = Date.now();
    const cells = measureCoverage({ scenario, rounds, requestsPerTrial: Number(values.requests), percentiles, methods, repetitions: Number(values.reps), resamples: Number(values.resamples), confidence, seed: 1000 + rounds });
    for (const c of cells) {
      const ok = c.coverage >= confidence && c.missHigh <= (1 - confidence) / 2 + 1e-9 && c.missLow <= (1 - confidence) / 2 + 1e-9;
      console.log(
        `${scenario.name.padEnd(13)} ${String(rounds).padStart(6)}  ${String(c.percentile).padEnd(4)}  ${c.method.padEnd(15)} ${c.trueTaxUs.toFixed(0).padStart(11)}  ${pct(c.coverage)}      ${pct(c.missHigh)}       ${pct(c.missLow)}     ${c.medianWidthUs.toFixed(0).padStart(8)}  ${ok ? '' : '✗'}`,
      );
    }
    process.stderr.write(`${scenario.name} ${rounds} rounds: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
}
