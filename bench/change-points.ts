/**
 * Benchmark (figures, not a test): change points in nightly series (src/compare/change-points.ts).
 * False alarms on changeless series — i.i.d. and AR(1) with ρ = 0.3, 0.5, 0.7 — and power for a
 * step of 1, 2 and 3 noise SDs half-way, at α = 0.01.
 *   npm run bench:change-points [-- --series 200 --nights 40]
 */
import { parseArgs } from 'node:util';
import { detectChangePoints } from '../src/compare/change-points.js';
import { gaussian } from '../src/testing/synthetic-run.js';

const { values } = parseArgs({ options: { series: { type: 'string', default: '200' }, nights: { type: 'string', default: '40' }, permutations: { type: 'string', default: '499' } } });
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
for (const rho of [0, 0.3, 0.5, 0.7]) {
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
