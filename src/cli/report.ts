/**
 * `npm run report -- <result.json>`: re-renders reports/<run-id>/ from a result record.
 * `npm run report -- --compare a.json b.json …`: several machines' capacity results side by side.
 */
import path from 'node:path';
import { BadInputError, ExitCode } from '../errors.js';
import { projectRoot } from '../paths.js';
import { writeCapacityComparison } from '../report/capacity/write-compare.js';
import { readRecord } from '../record/read.js';
import { writeReport } from '../report/write-report.js';
import { parseCommandArgs } from './args.js';

export const REPORT_HELP = `Usage: npm run report -- <results/run-id.json> [--out <dir>]
       npm run report -- --compare <a.json> <b.json> … [--out <dir>]

Renders the report of a run from its result record into <dir>/<run-id>/:
  index.html   the verdict, the table and the charts; self-contained, opens offline
  report.md    verdict, table and chart images, for a CI job summary or a PR comment
  charts/      every chart as SVG and PNG
  smp.json     the results in the CNCF Service Mesh Performance (SMP) format

With --compare, the capacity results of several runs (npm run bench -- --scenario capacity, one
per machine) side by side in <dir>/compare-<timestamp>/: index.html, report.md, charts/.

Options:
  --compare     compare the capacity sections of the records given
  --out <dir>   where report folders go (default: reports/ in the project)
  -h, --help    this text

Exit codes: 0 written, 2 the file is missing or not a meshtax result record.
`;

export async function reportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('report', argv, {
    out: { type: 'string' },
    compare: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(REPORT_HELP);
    return ExitCode.ok;
  }
  if (values.compare) return compareCommand(positionals, values.out ?? path.join(projectRoot, 'reports'));
  const file = onlyFile(positionals);
  const record = await readRecord(file);
  const { dir, files } = await writeReport(record, values.out ?? path.join(projectRoot, 'reports'));
  process.stdout.write(`Report for ${record.runId} (${record.verdict}) written to ${path.relative(process.cwd(), dir) || '.'}/\n`);
  for (const f of files) process.stdout.write(`  ${path.relative(dir, f)}\n`);
  process.stdout.write(`Open ${path.join(dir, 'index.html')} in a browser.\n`);
  return ExitCode.ok;
}

function onlyFile(positionals: readonly string[]): string {
  const [file, ...rest] = positionals;
  if (file === undefined) throw new BadInputError('Which result? Give the path of a result record.', 'e.g. `npm run report -- results/<run-id>.json` (see `ls results/`).');
  if (rest.length > 0) throw new BadInputError(`One result at a time; got ${positionals.length}: ${positionals.join(', ')}.`, 'Run `npm run report` once per file.');
  return file;
}

async function compareCommand(files: readonly string[], out: string): Promise<number> {
  if (files.length === 0) throw new BadInputError('Which results? --compare needs the result records of capacity runs.', 'e.g. `npm run report -- --compare results/a.json results/b.json`.');
  const records = await Promise.all(files.map(async (file) => ({ file, record: await readRecord(file) })));
  const { dir, files: written, comparison } = await writeCapacityComparison(records, out);
  for (const warning of comparison.warnings) process.stderr.write(`meshtax: ${warning}\n`);
  process.stdout.write(`${comparison.recommendation}\n\nCapacity comparison of ${records.length} run(s) written to ${path.relative(process.cwd(), dir) || '.'}/\n`);
  for (const f of written) process.stdout.write(`  ${path.relative(dir, f)}\n`);
  process.stdout.write(`Open ${path.join(dir, 'index.html')} in a browser.\n`);
  return ExitCode.ok;
}
