/**
 * Benchmark (figures, not a test): how often does `compare` call a regression when nothing
 * changed? Runs mtls-strict N+1 times, compares each run with the one before (A/A), and counts.
 *   npm run bench:false-alarms [-- --repeats 20 --rounds 8 --trial-seconds 0.6]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/index.js';
import { projectRoot } from '../src/paths.js';
import type { ResultRecord } from '../src/record/schema.js';
import { runBench } from '../src/run/bench.js';
import { silentProgress } from '../src/process/progress.js';
import { newRunId } from '../src/run/run-id.js';
import { resolveRun } from '../src/run/resolved-run.js';
import { loadScenario } from '../src/scenario/index.js';
import { compareRecords } from '../src/compare/index.js';

const { values } = parseArgs({ options: { repeats: { type: 'string', default: '20' }, rounds: { type: 'string', default: '8' }, 'trial-seconds': { type: 'string', default: '0.6' } } });
const repeats = Number(values.repeats);
const { config: base } = await loadConfig(path.join(projectRoot, 'bench.config.ts'));
const config = { ...base, timing: { rounds: Number(values.rounds), trialSeconds: Number(values['trial-seconds']), warmupSeconds: 1 }, sequential: { ...base.sequential, maxRounds: Number(values.rounds) } };
const loaded = await loadScenario('mtls-strict', path.join(projectRoot, 'scenarios'));
const resultsDir = path.join(projectRoot, '.meshtax', 'false-alarms');

const records: ResultRecord[] = [];
for (let i = 0; i <= repeats; i++) {
  const run = resolveRun({ runId: newRunId('aa'), loaded, config, resultsDir, overrides: { profiles: ['dedicated'] } });
  const { record } = await runBench({ run, progress: silentProgress });
  records.push(record);
  process.stderr.write(`run ${i + 1}/${repeats + 1}: p50 tax ${record.summary[0]?.taxUs ?? '?'} µs, verdict ${record.verdict}\n`);
}
const tally: Record<string, number> = {};
let comparisonsWithRegression = 0;
for (let i = 1; i < records.length; i++) {
  const comparison = compareRecords(records[i - 1]!, records[i]!, { regression: config.regression });
  for (const row of comparison.rows) tally[row.verdict] = (tally[row.verdict] ?? 0) + 1;
  if (comparison.rows.some((r) => r.verdict === 'regression')) comparisonsWithRegression += 1;
}
const rows = Object.values(tally).reduce((a, b) => a + b, 0);
console.log(`\nA/A: ${repeats} comparisons of consecutive identical mtls-strict runs (${config.timing.rounds} rounds × ${config.timing.trialSeconds} s):`);
console.log(`  comparisons with any regression row: ${comparisonsWithRegression}/${repeats} (${((100 * comparisonsWithRegression) / repeats).toFixed(1)}%)`);
console.log(`  rows by verdict (${rows} rows): ${Object.entries(tally).map(([v, n]) => `${v} ${n}`).join(', ')}`);
