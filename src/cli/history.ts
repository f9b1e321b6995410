import { writeHistoryReport } from '../report/history-page.js';
import { writeFileAtomic } from '../record/index.js';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config/index.js';
import { BadInputError, ExitCode } from '../errors.js';
import { projectRoot } from '../paths.js';
import { level } from '../report/compare/format.js';
import { renderHistoryMarkdown, renderHistoryTerminal } from '../report/compare/history.js';
import { appendHistoryEntry, historyFile, readHistoryFile, readRecord } from '../record/index.js';

import { analyseHistory, DEFAULT_CHANGE_POINT_OPTIONS, effectFloor, historyEntry } from '../compare/index.js';
import { parseCommandArgs, positiveInt } from './args.js';
import { processIo, type CommandIo } from './io.js';

export const HISTORY_HELP = `Usage: npm run meshtax -- history <scenario> [options]

The nightly history of a scenario: results/history/<scenario>.jsonl holds one summary line per
run (its median tax per profile, load level and percentile). Over each row's series of nights it
finds change points with E-divisive means (as Apache Otava / Hunter do), each split tested
against ${DEFAULT_CHANGE_POINT_OPTIONS.permutations} shuffles of the same nights: a step shows even when every night alone looked
like noise. On a series without a change, any change point is reported with probability alpha
(default ${DEFAULT_CHANGE_POINT_OPTIONS.alpha}). Nights whose machine was disturbed (see \`npm run compare -- --help\`) are
kept in the file but left out of the series. A step needs ${DEFAULT_CHANGE_POINT_OPTIONS.minSegment} nights on each side to be seen.

Options:
  --append <result.json>  first add this run to the history (idempotent per run id)
  --json                  print the series and change points as JSON
  --markdown <file>       also write Markdown (for a CI job summary)
  --fail-on-step          exit 1 when the tax stepped up by at least the minimum effect
                          (regression.minEffectUs / minEffectPct) within the last --recent nights
  --recent <n>            nights that count as recent for --fail-on-step (default 7)
  --alpha <p>             significance of each split (default ${DEFAULT_CHANGE_POINT_OPTIONS.alpha})
  --window <n>            search only the last n nights (default ${DEFAULT_CHANGE_POINT_OPTIONS.window}; Otava uses 50)
  --results-dir <dir>     where history/ lives (default: config.resultsDir)
  --reports-dir <dir>     where history-<scenario>/ (trend chart: HTML, SVG, PNG) goes (default: config.reportsDir)
  --config <file>         bench config (default: bench.config.ts in the project)
  -h, --help              this text

Exit codes: 0 ok, 1 a recent step up (with --fail-on-step), 2 bad usage or input.
`;

export async function historyCommand(argv: string[], io: CommandIo = processIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('history', argv, {
    append: { type: 'string' },
    json: { type: 'boolean', default: false },
    markdown: { type: 'string' },
    'fail-on-step': { type: 'boolean', default: false },
    recent: { type: 'string' },
    alpha: { type: 'string' },
    window: { type: 'string' },
    'results-dir': { type: 'string' },
    'reports-dir': { type: 'string' },
    config: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(HISTORY_HELP);
    return ExitCode.ok;
  }
  const [scenario, ...extra] = positionals;
  if (scenario === undefined || extra.length > 0) {
    throw new BadInputError('history takes one scenario name.', 'Example: `npm run meshtax -- history mtls-strict --append results/<run-id>.json`.');
  }
  const { config } = await loadConfig(values.config ?? path.join(projectRoot, 'bench.config.ts'));
  const resultsDir = path.resolve(projectRoot, values['results-dir'] ?? config.resultsDir);
  const recent = positiveInt('recent', values.recent) ?? 7;
  const window = positiveInt('window', values.window);
  const alpha = values.alpha === undefined ? undefined : Number(values.alpha);
  if (alpha !== undefined && !(alpha > 0 && alpha <= 0.2)) throw new BadInputError(`--alpha must be a probability above 0 and at most 0.2, got "${values.alpha}".`);

  if (values.append) {
    const record = await readRecord(values.append);
    if (record.scenario.name !== scenario) {
      throw new BadInputError(`${values.append} is a run of scenario "${record.scenario.name}", not "${scenario}".`, `Append it to its own history: \`npm run meshtax -- history ${record.scenario.name} --append ${values.append}\`.`);
    }
    const file = historyFile(record.scenario.name, resultsDir);
    const { appended } = await appendHistoryEntry(file, historyEntry(record, config.regression));
    io.stderr(appended ? `Appended ${record.runId} to ${path.relative(process.cwd(), file) || file}\n` : `${record.runId} is already in ${file}; not appended twice.\n`);
  }
  const { entries, skipped } = await readHistoryFile(historyFile(scenario, resultsDir));
  for (const line of skipped.slice(0, 10)) io.stderr(`Skipped ${line}.\n`);
  if (skipped.length > 10) io.stderr(`Skipped ${skipped.length - 10} more bad lines.\n`);
  const series = analyseHistory(entries, { ...(alpha !== undefined ? { alpha } : {}), ...(window !== undefined ? { window } : {}) });

  if (values.markdown) {
    await mkdir(path.dirname(path.resolve(values.markdown)), { recursive: true });
    await writeFileAtomic(values.markdown, renderHistoryMarkdown(scenario, series));
  }
  const report = await writeHistoryReport(scenario, series, path.resolve(projectRoot, values['reports-dir'] ?? config.reportsDir));
  io.stderr(`Trend chart written to ${path.relative(process.cwd(), path.join(report.dir, 'index.html'))} (and trend.svg, trend.png)\n`);
  if (values.json) io.stdout(`${JSON.stringify({ scenario, nights: entries.length, series }, null, 1)}\n`);
  else io.stdout(`${renderHistoryTerminal(scenario, series)}\n`);

  const steps = series.flatMap((s) =>
    s.changePoints
      .filter((cp) => cp.index >= s.points.length - recent && cp.change > 0 && cp.change >= effectFloor(cp.beforeMean, config.regression))
      .map((cp) => `${level(s)} p${s.percentile}: +${Math.round(cp.change)} µs from ${cp.runId}`),
  );
  if (steps.length > 0) io.stderr(`Recent step up of the tax:\n${steps.map((s) => `  ${s}`).join('\n')}\n`);
  return values['fail-on-step'] && steps.length > 0 ? ExitCode.overBudget : ExitCode.ok;
}
