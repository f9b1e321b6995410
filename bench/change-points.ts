/**
 * Benchmark (figures, not a test): change points in nightly series (src/compare/change-points.ts).
 * False alarms on changeless series — i.i.d. and AR(1) with ρ = 0.3, 0.5, 0.7 — and power for a
 * step of 1, 2 and 3 noise SDs half-way, at α = 0.01. Then the calibration of `history --fail-on-step`
 * (src/compare/steps.ts): how often a changeless history of several series fails the nightly job.
 *   npm run bench:change-points [-- --series 200 --nights 40 --histories 300 --series-per-history 4 --fail-on-step-only]
 */
import { parseArgs } from 'node:util';
import { detectChangePoints } from '../src/compare/change-points.js';
import { FAIL_ON_STEP_ALPHA, stepsUp } from '../src/compare/steps.js';
import { gaussian } from '../src/testing/synthetic-run.js';

const { values } = parseArgs({ options: { series: { type: 'string', default: '200' }, nights: { type: 'string', default: '40' }, permutations: { type: 'string', default: '499' }, histories: { type: 'string', default: '300' }, 'series-per-history': { type: 'string', default: '4' }, 'fail-on-step-only': { type: 'boolean', default: false } } });
const count = Number(values.series);
const nights = Number(values.nights);
const permutations = Number(values.permutations);
const series = (rho: number, stepSd: number, seed: number) => {
  const normal = gaussian(seed);
  let e = normal(15 / Math.sqrt(1 - rho * rho));
  return Array.from({ length: nights }, (_, i) => {
    e = rho * e + normal(15);
    return 260 + e + (i >= nights / 2 ? stepSd * 15 * Math.sqrt(1 / (1 - rho * rho)) : 0);
  });
};
console.log(`${count} series of ${nights} nights per line, noise SD 15 µs, α = 0.01, ${permutations} permutations`);
console.log('ρ      step (noise SDs)  series with a change point%  found at the step ±2%');
for (const rho of values['fail-on-step-only'] ? [] : [0, 0.3, 0.5, 0.7]) {
  for (const stepSd of [0, 1, 2, 3]) {
    if (rho > 0 && stepSd > 0 && rho !== 0.5) continue;
    let any = 0;
    let atStep = 0;
    for (let s = 0; s < count; s++) {
      const points = detectChangePoints(series(rho, stepSd, 5000 + s), { seed: s, permutations });
      if (points.length > 0) any++;
      if (points.some((p) => Math.abs(p.index - nights / 2) <= 2)) atStep++;
    }
    console.log(`${rho.toFixed(1)}    ${String(stepSd).padStart(16)}  ${((100 * any) / count).toFixed(1).padStart(27)}  ${stepSd > 0 ? ((100 * atStep) / count).toFixed(1).padStart(21) : ''}`);
  }
}

// `meshtax history --fail-on-step`: the chance that a changeless history fails the nightly job
// (any recent step up, whatever its size: minimum effect 0, the worst case), for histories of
// `seriesPerHistory` independent series; the old rule (each series at α = 0.01) beside the new one
// (FAIL_ON_STEP_ALPHA split over the series); and power for a step of 3 noise SDs 5 nights ago.
const histories = Number(values.histories);
const seriesPerHistory = Number(values['series-per-history']);
const anySize = { minEffectUs: 0, minEffectPct: 0 };
const stepLate = (rho: number, stepSd: number, seed: number) => {
  const normal = gaussian(seed);
  const sd = 15 / Math.sqrt(1 - rho * rho);
  let e = normal(sd);
  return Array.from({ length: nights }, (_, i) => {
    e = rho * e + normal(15);
    return { runId: `n${i}`, taxUs: 260 + e + (i >= nights - 5 ? stepSd * sd : 0) };
  });
};
console.log(`\n--fail-on-step: ${histories} histories of ${seriesPerHistory} series × ${nights} nights, recent 7, any step size`);
console.log('ρ      step (noise SDs)  each series at α 0.01%  FAIL_ON_STEP_ALPHA ' + `${FAIL_ON_STEP_ALPHA}` + ' over the history%');
for (const [rho, stepSd] of [[0, 0], [0.3, 0], [0.5, 0], [0.7, 0], [0, 3], [0.5, 3]] as const) {
  let old = 0;
  let calibrated = 0;
  for (let h = 0; h < histories; h++) {
    const series = Array.from({ length: seriesPerHistory }, (_, k) => ({ points: stepLate(rho, stepSd, 90_000 + h * 16 + k) }));
    if (stepsUp(series, { regression: anySize, seed: h, alpha: 0.01 * seriesPerHistory, window: nights }).length > 0) old++;
    if (stepsUp(series, { regression: anySize, seed: h }).length > 0) calibrated++;
  }
  const pct = (n: number) => ((100 * n) / histories).toFixed(1);
  console.log(`${rho.toFixed(1)}    ${String(stepSd).padStart(16)}  ${pct(old).padStart(22)}  ${pct(calibrated).padStart(40)}`);
}
