/**
 * Benchmark (figures, not a test) of issue 12 §4 on real runs: how often does `compare` call a
 * regression when nothing changed, how often does it fail to answer, and does it see a real step?
 *
 * Runs mtls-strict `history + repeats + 1` times back to back. The first `--history` runs only
 * build the history (as nights of a nightly job would); each later run is compared with the one
 * before it (A/A), with the run-to-run spread learnt from every earlier run — as `bench
 * --baseline` and `compare` do beside a history. Power uses the same pairs: the current run's mesh
 * histograms are shifted by a known step (every mesh latency +`--step-p50-us`; or only the slowest
 * 1.5% of each mesh trial +`--step-p99-us`), so the step is exact and the noise is the real one.
 *   npm run bench:false-alarms [-- --repeats 20 --history 5 --rounds 8 --trial-seconds 1]
 * `--from <folder>` analyses the records a previous run left there (oldest first) instead of
 * measuring again, so the statistic can be re-judged on the same real runs; `--from <file>.tar.xz`
 * reads a series kept in bench/data/ (one folder of records inside).
 * `--defaults` runs each run as `npm run bench -- --scenario mtls-strict` does (the config's rounds
 * and trial length, sequential looks up to its time cap) — the issue's goal is stated for those —
 * into `.meshtax/false-alarms-defaults/`; `--resume` first reads the runs already in the folder and
 * measures only the missing ones, so a series can be built over several quiet windows.
 * `--compare-at-looks` measures each new run as `bench --baseline <the run before>` does, with the
 * earlier runs as its history: a decided level goes on while that comparison can still be settled
 * (src/run/comparison-at-looks.ts). `--pairs-from <ISO time>` judges only the pairs whose later run
 * started then or after (so the runs measured that way are judged apart from the earlier ones).
 * `--measure-only` adds the missing runs and stops without judging (a series built one run at a time,
 * each under the machine lock, leaves the gaps between runs to other work).
 * Ctrl-C ends the series (the interrupted run is left out) and judges what was measured.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/index.js';
import { projectRoot } from '../src/paths.js';
import { readRecord } from '../src/record/read.js';
import type { ResultRecord } from '../src/record/schema.js';
import { runBench } from '../src/run/bench.js';
import { silentProgress } from '../src/process/progress.js';
import { newRunId } from '../src/run/run-id.js';
import { resolveRun } from '../src/run/resolved-run.js';
import { loadScenario } from '../src/scenario/index.js';
import { compareRecords, compareWithHistory, DEFAULT_HISTORY_WINDOW, disturbance, historyEntry, historyOptions, levelOf, limitsFor, type Comparison } from '../src/compare/index.js';
import { shiftMeshLatencies } from './shift-mesh.js';

const { values } = parseArgs({
  options: {
    repeats: { type: 'string', default: '20' },
    history: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '8' },
    'trial-seconds': { type: 'string', default: '1' },
    'step-p50-us': { type: 'string', default: '100' },
    'step-p99-us': { type: 'string', default: '1000' },
    from: { type: 'string' },
    window: { type: 'string', default: String(DEFAULT_HISTORY_WINDOW) },
    defaults: { type: 'boolean', default: false },
    resume: { type: 'boolean', default: false },
    'compare-at-looks': { type: 'boolean', default: false },
    'pairs-from': { type: 'string' },
    'measure-only': { type: 'boolean', default: false },
  },
});
const repeats = Number(values.repeats);
const historyNights = Number(values.history);
const stepP50Us = Number(values['step-p50-us']);
const stepP99Us = Number(values['step-p99-us']);
const window = Number(values.window);
const { config: base } = await loadConfig(path.join(projectRoot, 'bench.config.ts'));
const config = values.defaults
  ? base
  : { ...base, timing: { ...base.timing, rounds: Number(values.rounds), trialSeconds: Number(values['trial-seconds']), warmupSeconds: 1 }, sequential: { ...base.sequential, maxRounds: Number(values.rounds) } };
const loaded = await loadScenario('mtls-strict', path.join(projectRoot, 'scenarios'));
const resultsDir = path.join(projectRoot, '.meshtax', values.defaults ? 'false-alarms-defaults' : 'false-alarms');
const wanted = historyNights + repeats + 1;

const records: ResultRecord[] = values.from ? await recordsFrom(values.from) : await measureSeries();

/** A folder of records, or a .tar.xz of one (the series kept in bench/data/ to be judged again). */
async function recordsFrom(from: string): Promise<ResultRecord[]> {
  if (!from.endsWith('.tar.xz')) return recordsIn(from);
  const unpacked = await mkdtemp(path.join(tmpdir(), 'meshtax-aa-'));
  try {
    await execa('tar', ['-xJf', path.resolve(from), '-C', unpacked, '--strip-components=1'], { timeout: 120_000 });
    return await recordsIn(unpacked);
  } finally {
    await rm(unpacked, { recursive: true, force: true });
  }
}

async function measureSeries(): Promise<ResultRecord[]> {
  const earlier = values.resume ? await recordsIn(resultsDir).catch(() => []) : [];
  if (earlier.length) process.stderr.write(`${earlier.length} run(s) already in ${path.relative(projectRoot, resultsDir)}; measuring ${Math.max(0, wanted - earlier.length)} more\n`);
  return [...earlier, ...(await measure(Math.max(0, wanted - earlier.length), earlier))];
}
const total = records.length;
if (values['measure-only']) {
  process.stderr.write(`${total} run(s) in ${path.relative(projectRoot, resultsDir)}; not judged (--measure-only)\n`);
  process.exit(0);
}
if (total < historyNights + 2) throw new Error(`${total} records: at least ${historyNights + 2} are needed (--history ${historyNights} and one pair)`);

async function measure(count: number, earlier: readonly ResultRecord[]): Promise<ResultRecord[]> {
  const measured: ResultRecord[] = [];
  for (let i = 0; i < count; i++) {
    const run = resolveRun({ runId: newRunId('aa'), loaded, config, resultsDir, overrides: { profiles: ['dedicated'] } });
    const before = [...earlier, ...measured];
    const previous = before[before.length - 1];
    // as `bench --baseline <the run before>` with the history of every earlier run beside it
    const comparison = values['compare-at-looks'] && previous ? { comparison: { baseline: previous, history: before.map((r) => historyEntry(r, config.regression)), regression: config.regression, percentiles: config.verdictPercentiles } } : {};
    const { record } = await runBench({ run, progress: silentProgress, ...comparison });
    measured.push(record);
    const rows = record.summary.map((r) => `p${r.percentile} ${r.taxUs ?? '?'}`).join(', ');
    process.stderr.write(`run ${i + 1}/${count}: tax ${rows} µs, verdict ${record.verdict}\n`);
    // Ctrl-C (or a crashed child) ends the whole benchmark, not just this run: judge what was measured.
    if (record.state === 'partial') {
      process.stderr.write(`run ${i + 1} is partial (${record.partialReason ?? 'interrupted'}): no more runs; judging the ${measured.length - 1} complete ones\n`);
      measured.pop();
      break;
    }
  }
  return measured;
}

/** The records of a previous run, oldest first (run ids start with their start time). */
async function recordsIn(folder: string): Promise<ResultRecord[]> {
  const files = (await readdir(folder)).filter((f) => f.endsWith('.json')).sort();
  const read = await Promise.all(files.map((f) => readRecord(path.join(folder, f))));
  // Default runs stop at different looks, so their round counts differ; fixed-length series must match.
  return read.filter((r) => r.state === 'completed' && (values.defaults || r.settings.rounds === config.timing.rounds));
}

/** Compares run i with run i−1, the run-to-run spread learnt from runs 0..i−1. */
function comparePair(i: number, current: ResultRecord): Comparison {
  const entries = records.slice(0, i).map((r) => historyEntry(r, config.regression));
  // as `compare A B` and `bench --baseline` judge: the same history options
  return compareRecords(records[i - 1]!, current, { regression: config.regression, ...historyOptions(entries, current) });
}

interface Judged {
  readonly rows: readonly { percentile: number; verdict: string; ciUs: readonly [number | null, number | null]; roundsCannotSettle?: boolean }[];
  /** No run the judgement rests on was disturbed (the issue's goal for answers is over quiet pairs). */
  readonly quiet: boolean;
}

/** The record was not disturbed at any of its load levels. */
function quietRun(record: ResultRecord): boolean {
  return record.summary.every((r) => !disturbance(record, levelOf(r), limitsFor(r.profile, config.regression)).noisy);
}

/** Tallies of one way of judging the pairs: A/A verdicts, and the injected steps. */
function tally(title: string, judge: (i: number, current: ResultRecord) => Judged): void {
  const verdicts: Record<string, number> = {};
  const unansweredByPercentile: Record<string, number> = {};
  let pairsWithRegression = 0;
  let pairsUnanswered = 0;
  let quietPairs = 0;
  let quietUnanswered = 0;
  let quietP50Flagged = 0;
  let quietP99Flagged = 0;
  let p50Flagged = 0;
  let p99Flagged = 0;
  const halfWidths: Record<string, number[]> = {};
  const cannotSettle: Record<string, number> = {};
  const quietUnansweredByPercentile: Record<string, number> = {};
  const judgedPercentiles = new Set(config.verdictPercentiles);
  for (const i of judged) {
    const aa = judge(i, records[i]!);
    const rowsJudged = aa.rows.filter((r) => judgedPercentiles.has(r.percentile));
    for (const row of aa.rows) {
      verdicts[row.verdict] = (verdicts[row.verdict] ?? 0) + 1;
      if (row.ciUs[0] !== null && row.ciUs[1] !== null && Number.isFinite(row.ciUs[0]) && Number.isFinite(row.ciUs[1])) (halfWidths[`p${row.percentile}`] ??= []).push((row.ciUs[1] - row.ciUs[0]) / 2);
      if (row.verdict === 'cant-tell' && row.roundsCannotSettle) cannotSettle[`p${row.percentile}`] = (cannotSettle[`p${row.percentile}`] ?? 0) + 1;
      if (aa.quiet && (row.verdict === 'noisy' || row.verdict === 'cant-tell')) quietUnansweredByPercentile[`p${row.percentile}`] = (quietUnansweredByPercentile[`p${row.percentile}`] ?? 0) + 1;
      if (row.verdict === 'noisy' || row.verdict === 'cant-tell') unansweredByPercentile[`p${row.percentile}`] = (unansweredByPercentile[`p${row.percentile}`] ?? 0) + 1;
    }
    if (rowsJudged.some((r) => r.verdict === 'regression')) pairsWithRegression += 1;
    const unanswered = rowsJudged.some((r) => r.verdict === 'noisy' || r.verdict === 'cant-tell');
    if (unanswered) pairsUnanswered += 1;
    if (aa.quiet) quietPairs += 1;
    if (aa.quiet && unanswered) quietUnanswered += 1;
    const stepAll = judge(i, shiftMeshLatencies(records[i]!, { addUs: stepP50Us, fromQuantile: 0 }));
    const p50Step = stepAll.rows.find((r) => r.percentile === 50)?.verdict === 'regression';
    if (p50Step) p50Flagged += 1;
    if (p50Step && aa.quiet) quietP50Flagged += 1;
    const stepTail = judge(i, shiftMeshLatencies(records[i]!, { addUs: stepP99Us, fromQuantile: 0.985 }));
    const p99Step = stepTail.rows.find((r) => r.percentile === 99)?.verdict === 'regression';
    if (p99Step) p99Flagged += 1;
    if (p99Step && aa.quiet) quietP99Flagged += 1;
    process.stderr.write(`${title} ${judged.indexOf(i) + 1}/${repeatsMeasured}: ${aa.rows.map((r) => `p${r.percentile} ${r.verdict}`).join(', ')}\n`);
  }
  const rows = Object.values(verdicts).reduce((a, b) => a + b, 0);
  console.log(`\n${title}:`);
  console.log(`  pairs with a regression row at a verdict percentile (${[...judgedPercentiles].map((p) => `p${p}`).join(', ')}; goal ≤ 1%): ${pct(pairsWithRegression)}`);
  console.log(`  quiet pairs (no run disturbed) with a noisy or can't-tell row at a verdict percentile (goal ≤ 20%): ${quietUnanswered}/${quietPairs}${quietPairs ? ` (${((100 * quietUnanswered) / quietPairs).toFixed(1)}%)` : ''}`);
  console.log(`  all pairs with a noisy or can't-tell row at a verdict percentile: ${pct(pairsUnanswered)}`);
  console.log(`  quiet pairs unanswered by percentile: ${Object.entries(quietUnansweredByPercentile).map(([p, n]) => `${p} ${n}/${quietPairs}`).join(', ') || 'none'}`);
  console.log(`  unanswered by percentile: ${Object.entries(unansweredByPercentile).map(([p, n]) => `${p} ${n}`).join(', ') || 'none'}`);
  if (Object.keys(cannotSettle).length > 0) console.log(`  can't-tell rows that no number of extra rounds would settle (the runs' own spread is wider than the room): ${Object.entries(cannotSettle).map(([p, n]) => `${p} ${n}`).join(', ')}`);
  console.log(`  rows by verdict (${rows} rows): ${Object.entries(verdicts).map(([v, n]) => `${v} ${n}`).join(', ')}`);
  console.log(`  half-width of the change's interval, median (a change must exceed the row's minimum effect by this to be answered): ${Object.entries(halfWidths).map(([p, xs]) => `${p} ±${Math.round(median(xs))} µs`).join(', ')}`);
  console.log(`  +${stepP50Us} µs on every mesh request → p50 regression: ${pct(p50Flagged)}; in quiet pairs ${quietP50Flagged}/${quietPairs}`);
  console.log(`  +${stepP99Us} µs on the slowest 1.5% of mesh requests → p99 regression: ${pct(p99Flagged)}; in quiet pairs ${quietP99Flagged}/${quietPairs}`);
}

/** The rounds the runs stopped at: min–median–max. */
function describeRounds(runs: readonly ResultRecord[]): string {
  const rounds = runs.map((r) => r.settings.rounds).sort((a, b) => a - b);
  return `${rounds[0]}–${median(rounds)}–${rounds[rounds.length - 1]} rounds (min–median–max)`;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
/** The runs judged against the one before (and the history before them): from --pairs-from on, when given. */
const judged = records.map((_, i) => i).filter((i) => i > historyNights && (!values['pairs-from'] || records[i]!.startedAt >= values['pairs-from']));
const repeatsMeasured = judged.length;
const pct = (n: number) => `${n}/${repeatsMeasured} (${((100 * n) / repeatsMeasured).toFixed(1)}%)`;
const runShape = values.defaults
  ? `default runs: looks at ${config.timing.rounds} to ${config.sequential.maxRounds} rounds × ${config.timing.trialSeconds} s, stopped at ${describeRounds(records)}`
  : `${config.timing.rounds} rounds × ${config.timing.trialSeconds} s`;
console.log(`\nA/A on real runs: ${repeatsMeasured} consecutive mtls-strict runs (${runShape}), each judged after ${historyNights}+ earlier runs.`);
console.log(`No change = the interval within ± the band at its percentile: ${Object.entries(config.regression.noChangeBandUs).map(([p, band]) => `p${p} ${band} µs`).join(', ') || 'none (the minimum effect)'}.`);
tally('each run against the one before it (compare A B), run-to-run spread from the earlier runs', (i, current) => {
  const c = comparePair(i, current);
  return { rows: c.rows.map((r) => ({ percentile: r.percentile, verdict: r.verdict, ciUs: r.changeCiUs, roundsCannotSettle: r.extraRounds === null })), quiet: quietRun(records[i - 1]!) && quietRun(current) };
});
tally(`each run against the history of the runs before it (compare --against-history, up to ${window} nights)`, (i, current) => {
  const entries = records.slice(Math.max(0, i - window), i).map((r) => historyEntry(r, config.regression));
  const c = compareWithHistory(current, entries, { regression: config.regression, window });
  return { rows: c.rows.map((r) => ({ percentile: r.percentile, verdict: r.verdict, ciUs: r.prediction ? [r.prediction.ciUs[0], r.prediction.ciUs[1]] : [null, null] })), quiet: quietRun(current) };
});
