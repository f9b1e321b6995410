/**
 * Benchmark (figures, not a test): the A/A noise floor of this machine — the smallest tax a run
 * can tell from zero — at p50 and p99, at 500 and 2000 rps, from a real mtls-strict run.
 *   npm run bench:noise [-- --rounds N]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/index.js';
import { projectRoot } from '../src/paths.js';
import { runBench } from '../src/run/bench.js';
import { newRunId } from '../src/run/run-id.js';
import { resolveRun } from '../src/run/resolved-run.js';
import { loadScenario } from '../src/scenario/index.js';
import { terminalProgress } from '../src/cli/progress.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '10' } } });
const { config } = await loadConfig(path.join(projectRoot, 'bench.config.ts'));
const loaded = await loadScenario('mtls-strict', path.join(projectRoot, 'scenarios'));
const scenario = { ...loaded.scenario, load: { ...loaded.scenario.load, ratesRps: [500, 2000] } };
const progress = terminalProgress();
const run = resolveRun({
  runId: newRunId('noise-floor'),
  loaded: { ...loaded, scenario },
  // A fixed number of rounds (no sequential looks): the noise floor at a known round count.
  config: { ...config, timing: { ...config.timing, rounds: Number(values.rounds) }, sequential: { ...config.sequential, maxRounds: Number(values.rounds) } },
  resultsDir: path.join(projectRoot, config.resultsDir),
  overrides: { profiles: ['dedicated'] },
});
const { record, file } = await runBench({ run, progress });
progress.done();
console.log(`\nA/A noise floor (baseline against itself, within rounds), ${record.settings.rounds} rounds × ${record.settings.trialSeconds} s, record ${path.relative(projectRoot, file)}:`);
for (const rate of [500, 2000]) {
  const at = (p: number) => record.summary.find((r) => r.rateRps === rate && r.percentile === p);
  const fmt = (p: number) => {
    const row = at(p);
    return row ? `p${p} ±${row.noiseFloorUs === null ? '?' : Math.round(row.noiseFloorUs)} µs (tax ${row.taxUs === null ? '?' : Math.round(row.taxUs)} µs)` : `p${p} ?`;
  };
  console.log(`  ${rate} rps: ${fmt(50)}, ${fmt(99)}`);
}
