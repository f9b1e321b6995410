/**
 * `meshtax report <result.json>`: re-renders <reports>/<run-id>/ from a result record.
 * `meshtax report --compare a.json b.json …`: several machines' capacity results side by side.
 */
import path from 'node:path';
import { BadInputError, ExitCode } from '../errors.js';
import { writeCapacityComparison } from '../report/capacity/write-compare.js';
import { readRecord } from '../record/index.js';
import { writeReport } from '../report/write-report.js';
import { runCommand, text, type CommandSpec } from './command-spec.js';
import { openWorkspace } from './workspace.js';

export const reportSpec: CommandSpec = {
  name: 'report',
  summary: 're-render a run\'s report (HTML, Markdown, charts, exports); --compare: capacity of several machines',
  arguments: '[files...]',
  options: [
    { flags: '--compare', description: 'compare the capacity sections of the records given, side by side' },
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

Exit codes: 0 written, 2 the file is missing or not a meshtax result record.`,
};

export function reportCommand(argv: readonly string[]): Promise<number> {
  return runCommand(reportSpec, argv, async (values, positionals) => {
    const out = (await openWorkspace(text(values.config))).reportsDir(text(values.out));
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
