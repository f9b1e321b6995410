/**
 * Benchmark (figures, not a test): `compare` when runs differ from each other more than rounds do.
 * Pairs of simulated runs (10 v 10 rounds, per-round SD 25 µs) with a between-run SD τ; the
 * run-level variance taken from a history of past nights (runToRunSpread) or not modelled.
 * Printed: share of pairs called regression / improvement / no-change / can't tell, for A/A and for
 * a +100 µs step. (Simulated at the level of each run's summary: src/compare/testing/run-level-sim.ts.)
 *   npm run bench:run-level [-- --pairs 2000]
 */
import { parseArgs } from 'node:util';
import { simulateRunLevel } from '../src/compare/testing/run-level-sim.js';

const { values } = parseArgs({ options: { pairs: { type: 'string', default: '2000' } } });
const pct = (x: number) => (100 * x).toFixed(1).padStart(5);
console.log(`${values.pairs} pairs per line; 10 v 10 rounds, per-round SD 25 µs; minimum effect 50 µs, α = 0.01`);
console.log('τ µs  history nights  step µs  regression%  improvement%  no-change%  cant-tell%');
for (const runSdUs of [0, 15, 25, 40]) {
  for (const historyNights of [0, 10, 20]) {
    for (const stepUs of [0, 100]) {
      const r = simulateRunLevel({ pairs: Number(values.pairs), rounds: 10, roundSdUs: 25, runSdUs, historyNights, stepUs, seed: 5 });
      console.log(`${String(runSdUs).padStart(4)}  ${String(historyNights).padStart(14)}  ${String(stepUs).padStart(7)}  ${pct(r.regression)}        ${pct(r.improvement)}        ${pct(r.noChange)}       ${pct(r.cantTell)}`);
    }
  }
}
