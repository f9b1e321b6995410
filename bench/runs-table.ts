/**
 * Figures, not a test: how a folder of runs of one scenario moved with the machine. One line per
 * completed run (start, rounds, baseline p50, the tax and its interval's half-width at p50/p90/p99,
 * steal, CPU pressure, sidecar CPU per 1000 rps), then, over the undisturbed runs, per percentile:
 * the SD of the taxes, the SD of successive differences over √2 (what is left when slow drift is
 * not counted), and the SD about the speed line of src/compare/speed-fit.ts (tax on baseline p50)
 * with its correlation — the figures behind comparing runs at equal speed.
 *   npx tsx bench/runs-table.ts [.meshtax/false-alarms-defaults]
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { mean, sampleCorrelation, sampleStandardDeviation } from 'simple-statistics';
import { loadConfig } from '../src/config/index.js';
import { disturbance, levelOf, limitsFor } from '../src/compare/index.js';
import { fitSpeed } from '../src/compare/speed-fit.js';
import { projectRoot } from '../src/paths.js';
import { readRecord } from '../src/record/read.js';
import type { ResultRecord } from '../src/record/schema.js';

const folder = process.argv[2] ?? path.join(projectRoot, '.meshtax', 'false-alarms-defaults');
const { config } = await loadConfig(path.join(projectRoot, 'bench.config.ts'));
const PERCENTILES = [50, 90, 99] as const;

const files = (await readdir(folder)).filter((f) => f.endsWith('.json')).sort();
const runs = (await Promise.all(files.map((f) => readRecord(path.join(folder, f))))).filter((r) => r.state === 'completed');
const rowAt = (r: ResultRecord, p: number) => r.summary.find((x) => x.percentile === p);
const halfWidth = (r: ResultRecord, p: number) => {
  const ci = rowAt(r, p)?.ciUs;
  return ci && ci[0] !== null && ci[1] !== null ? (ci[1] - ci[0]) / 2 : Number.NaN;
};
const quiet = (r: ResultRecord) => r.summary.every((row) => !disturbance(r, levelOf(row), limitsFor(row.profile, config.regression)).noisy);
const fixed = (x: number | null | undefined, digits = 0) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits));

console.log('start     rounds  base p50  ' + PERCENTILES.map((p) => `tax p${p} (±)`.padEnd(16)).join('') + 'steal mean/max  PSI   sidecar  quiet');
for (const r of runs) {
  const probe = r.probes[0];
  const taxes = PERCENTILES.map((p) => `${fixed(rowAt(r, p)?.taxUs)} (±${fixed(halfWidth(r, p))})`.padEnd(16)).join('');
  console.log(`${r.startedAt.slice(11, 19)}  ${String(r.settings.rounds).padStart(6)}  ${fixed(rowAt(r, 50)?.baselineUs).padStart(8)}  ${taxes}${`${fixed(probe?.stealPctMean, 1)}/${fixed(probe?.stealPctMax, 1)}`.padEnd(16)}${fixed(probe?.cpuPressurePct, 1).padEnd(6)}${fixed(probe?.sidecarMillicoresPer1000Rps).padEnd(9)}${quiet(r) ? 'yes' : 'no'}`);
}

const undisturbed = runs.filter(quiet);
console.log(`\nOver the ${undisturbed.length} undisturbed of ${runs.length} completed runs:`);
for (const p of PERCENTILES) {
  const points = undisturbed.flatMap((r) => {
    const taxUs = rowAt(r, p)?.taxUs;
    const speedUs = rowAt(r, 50)?.baselineUs;
    return typeof taxUs === 'number' && typeof speedUs === 'number' ? [{ taxUs, speedUs }] : [];
  });
  if (points.length < 3) continue;
  const taxes = points.map((x) => x.taxUs);
  const steps = taxes.slice(1).map((t, i) => t - taxes[i]!);
  const line = fitSpeed(points);
  const aboutLine = line ? Math.sqrt(line.residualVariance) : Number.NaN;
  console.log(`  p${p}: SD ${fixed(sampleStandardDeviation(taxes), 1)} µs; successive differences / √2 ${fixed(Math.sqrt(mean(steps.map((d) => d * d)) / 2), 1)} µs; about the speed line ${fixed(aboutLine, 1)} µs (slope ${fixed(line?.slope, 2)}, correlation with baseline p50 ${fixed(sampleCorrelation(points.map((x) => x.speedUs), taxes), 2)})`);
}
