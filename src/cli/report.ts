/**
 * `meshtax report <result.json>`: re-renders <reports>/<run-id>/ from a result record.
 * `meshtax report --compare a.json b.json …`: several machines' capacity results side by side.
 * `meshtax report --side-by-side a.json b.json …`: several scenarios' taxes in one table.
 */
import path from 'node:path';
import { BadInputError, ExitCode } from '../errors.js';
import { writeCapacityComparison } from '../report/capacity/write-compare.js';
import { readRecord } from '../record/index.js';
import { writeReport } from '../report/write-report.js';
import { renderSideBySideTerminal, writeSideBySide, type SideBySideOptions } from '../report/side-by-side/index.js';
import { runToRunFromHistory } from './run-to-run.js';
import { runCommand, text, type CommandSpec } from './command-spec.js';
import { openWorkspace } from './workspace.js';

export const reportSpec: CommandSpec = {
  name: 'report',
  summary: 're-render a run\'s report (HTML, Markdown, charts, exports); --compare: capacity of several machines; --side-by-side: the tax of several scenarios',
  arguments: '[files...]',
  options: [
    { flags: '--compare', description: 'compare the capacity sections of the records given, side by side' },
    { flags: '--side-by-side', description: 'put the tax of the runs given (one per scenario, the first is the reference) in one table' },
    { flags: '--allow-different-env', description: 'with --side-by-side: show runs from other machines, kernels, Envoy versions or fidelity too (flagged)' },
    { flags: '--results-dir <dir>', description: 'with --side-by-side: where history/<scenario>.jsonl is, for how much runs differ (default: config.resultsDir)' },
    { flags: '--out <dir>', description: 'where report folders go (default: config.reportsDir)' },
    { flags: '--config <file>', description: 'bench config (default: the nearest bench.config.ts from here upwards)' },
  ],
  details: `Renders the report of a run from its result record into <dir>/<run-id>/:
  index.html      the verdict, the table and the charts; self-contained, opens offline
  report.md       verdict, table and chart images, for a CI job summary or a PR comment
  charts/         every chart as SVG and PNG
  smp.json        the results in the CNCF Service Mesh Performance (SMP) format
  fortio/*.json   each load level and path in Fortio's result format (fortio report -data-dir)
  hgrm/*.hgrm     HdrHistogram percentile spectra
  istio-perf.csv  the columns of Istio's perf benchmark
  metrics.prom    OpenMetrics text (Pushgateway, node_exporter's textfile collector)

With --compare, the capacity results of several runs (meshtax bench capacity, one per machine)
side by side in <dir>/compare-<timestamp>/: index.html, report.md, charts/.

With --side-by-side, runs of several scenarios on this machine (e.g. mtls-strict, istio-default,
telemetry-full) in one table, printed and written to <dir>/side-by-side-<timestamp>/ (index.html,
report.md): per scenario its sidecars (listener layout, interception, worker threads, mTLS,
telemetry, RBAC, from the record), the tax at each verdict percentile with its CI and verdict,
the sidecars' CPU per 1000 rps, and the difference to the FIRST run given with an interval.
The runs are separate (each its own baseline, rounds and hour): the interval is a Welch t
interval on each run's round-resampled standard error plus the run-to-run variance from the
history where there is one; without a history it is too narrow, and the table says so beside
whether the runs' own intervals overlap. Runs from different hardware, kernels, Envoy versions
or fidelity are refused (as in compare) unless --allow-different-env; a run measured on a
disturbed machine (steal, CPU pressure, throttling, load-generator lag, invalid trials over
config.regression.noiseLimits) is named under the table.
  meshtax report --side-by-side results/<mtls-strict>.json results/<istio-default>.json results/<telemetry-full>.json
  npm run bench:istio -- --quick     runs those three one after another, then this table

Exit codes: 0 written, 2 a file is missing or not a meshtax result record, or (--side-by-side)
fewer than two records or runs from different environments.`,
};

export function reportCommand(argv: readonly string[]): Promise<number> {
  return runCommand(reportSpec, argv, async (values, positionals) => {
    const workspace = await openWorkspace(text(values.config));
    const out = workspace.reportsDir(text(values.out));
    if (values.compare === true && values['side-by-side'] === true) throw new BadInputError('--compare and --side-by-side are two different tables; give one.', '--compare: capacity runs of several machines; --side-by-side: runs of several scenarios on one machine.');
    if (values['side-by-side'] === true) return sideBySideCommand(positionals, out, { allowDifferentEnv: values['allow-different-env'] === true, noiseLimits: workspace.config.regression }, workspace.resultsDir(text(values['results-dir'])));
    if (values.compare === true) return compareCommand(positionals, out);
    const file = onlyFile(positionals);
    const record = await readRecord(file);
    const { dir, files } = await writeReport(record, out);
    process.stdout.write(`Report for ${record.runId} (${record.verdict}) written to ${path.relative(process.cwd(), dir) || '.'}/\n`);
    for (const f of files) process.stdout.write(`  ${path.relative(dir, f)}\n`);
    process.stdout.write(`Open ${path.join(dir, 'index.html')} in a browser.\n`);
    return ExitCode.ok;
  });
}

function onlyFile(positionals: readonly string[]): string {
  const [file, ...rest] = positionals;
  if (file === undefined) throw new BadInputError('Which result? Give the path of a result record.', 'e.g. `meshtax report results/<run-id>.json` (see `ls results/`).');
  if (rest.length > 0) throw new BadInputError(`One result at a time; got ${positionals.length}: ${positionals.join(', ')}.`, 'Run `meshtax report` once per file.');
  return file;
}

async function compareCommand(files: readonly string[], out: string): Promise<number> {
  if (files.length === 0) throw new BadInputError('Which results? --compare needs the result records of capacity runs.', 'e.g. `meshtax report --compare results/a.json results/b.json`.');
  const records = await Promise.all(files.map(async (file) => ({ file, record: await readRecord(file) })));
  const { dir, files: written, comparison } = await writeCapacityComparison(records, out);
  for (const warning of comparison.warnings) process.stderr.write(`meshtax: ${warning}\n`);
  process.stdout.write(`${comparison.recommendation}\n\nCapacity comparison of ${records.length} run(s) written to ${path.relative(process.cwd(), dir) || '.'}/\n`);
  for (const f of written) process.stdout.write(`  ${path.relative(dir, f)}\n`);
  process.stdout.write(`Open ${path.join(dir, 'index.html')} in a browser.\n`);
  return ExitCode.ok;
}

async function sideBySideCommand(files: readonly string[], out: string, options: SideBySideOptions, resultsDir: string): Promise<number> {
  if (files.length < 2) throw new BadInputError(`--side-by-side needs the result records of at least two runs; got ${files.length}.`, 'e.g. `meshtax report --side-by-side results/<mtls-strict run>.json results/<istio-default run>.json` (the first is the reference).');
  const inputs = await Promise.all(files.map(async (file) => ({ file, record: await readRecord(file) })));
  const histories = new Map(await Promise.all(inputs.map(async ({ record }) => [record.scenario.name, await runToRunFromHistory(record, resultsDir)] as const)));
  const runToRun: SideBySideOptions['runToRun'] = [...histories.values()].some((h) => h !== undefined) ? (scenario, row) => histories.get(scenario)?.(row) ?? null : undefined;
  const { dir, files: written, table } = await writeSideBySide(inputs, out, { ...options, ...(runToRun ? { runToRun } : {}) });
  process.stdout.write(`${renderSideBySideTerminal(table)}\n\nSide by side of ${inputs.length} runs written to ${path.relative(process.cwd(), dir) || '.'}/\n`);
  for (const f of written) process.stdout.write(`  ${path.relative(dir, f)}\n`);
  return ExitCode.ok;
}
