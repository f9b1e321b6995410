import { writeHistoryReport } from '../report/history-page.js';
import { writeFileAtomic } from '../record/index.js';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { BadInputError, ExitCode } from '../errors.js';
import { level } from '../report/compare/format.js';
import { renderHistoryMarkdown, renderHistoryTerminal } from '../report/compare/history.js';
import { appendHistoryEntry, historyFile, readHistoryFile, readRecord } from '../record/index.js';

import { analyseHistory, DEFAULT_CHANGE_POINT_OPTIONS, DEFAULT_RECENT_NIGHTS, FAIL_ON_STEP_ALPHA, historyEntry, stepsUp } from '../compare/index.js';
import { positiveInt, runCommand, text, type CommandSpec, type Values } from './command-spec.js';
import { openWorkspace } from './workspace.js';
import { processIo, type CommandIo } from './io.js';

export const historySpec: CommandSpec = {
  name: 'history',
  summary: 'the nightly history of a scenario, with change points; --append adds a run',
  arguments: '[scenario]',
  options: [
    { flags: '--append <result.json>', description: 'first add this run to the history (idempotent per run id)' },
    { flags: '--json', description: 'print the series and change points as JSON' },
    { flags: '--markdown <file>', description: 'also write Markdown (for a CI job summary)' },
    { flags: '--fail-on-step', description: `exit 1 when the tax stepped up by at least the minimum effect within the last --recent nights (false alarms ≤ ${FAIL_ON_STEP_ALPHA * 100}% per night over the whole history)` },
    { flags: '--recent <n>', description: `nights that count as recent for --fail-on-step (default ${DEFAULT_RECENT_NIGHTS})` },
    { flags: '--alpha <p>', description: `significance of each split (default ${DEFAULT_CHANGE_POINT_OPTIONS.alpha})` },
    { flags: '--window <n>', description: `search only the last n nights (default ${DEFAULT_CHANGE_POINT_OPTIONS.window}; Otava uses 50)` },
    { flags: '--results-dir <dir>', description: 'where history/ lives (default: config.resultsDir)' },
    { flags: '--reports-dir <dir>', description: 'where history-<scenario>/ (trend chart: HTML, SVG, PNG) goes (default: config.reportsDir)' },
    { flags: '--config <file>', description: 'bench config (default: the nearest bench.config.ts from here upwards)' },
  ],
  details: `The nightly history of a scenario: <resultsDir>/history/<scenario>.jsonl holds one summary line
per run (its tax per profile, load level and percentile). Over each row's series of nights it
finds change points with E-divisive means (as Apache Otava / Hunter do), each split tested
against ${DEFAULT_CHANGE_POINT_OPTIONS.permutations} shuffles of the same nights: a step shows even when every night alone looked
like noise. On a series without a change, any change point is reported with probability alpha
(default ${DEFAULT_CHANGE_POINT_OPTIONS.alpha}). Nights whose machine was disturbed (see \`meshtax compare --help\`) are
kept in the file but left out of the series. A step needs ${DEFAULT_CHANGE_POINT_OPTIONS.minSegment} nights on each side to be seen.

--fail-on-step asks a stricter question than the listing: with one series per profile, load level
and percentile, each tested at alpha, a history without any change would fail up to (number of
series) × alpha of the nights. So each series is searched at ${FAIL_ON_STEP_ALPHA} divided by the number of series
(Bonferroni), nights that carry over (AR(1)) prewhitened, so that a history without a change fails
the job on at most ${FAIL_ON_STEP_ALPHA * 100}% of nights. Measured (\`npm run bench:change-points\`, 200 histories of 4
series × 40 nights, recent 7, any step size): 0.5 / 1.0 / 0.5 / 0.5% of changeless histories fail at
autocorrelation ρ 0 / 0.3 / 0.5 / 0.7 (each series at 1% instead: 0.5 / 1.0 / 1.5 / 2.0%). A step of
3 noise SDs in the last 5 nights fails 99.5% (ρ 0) and 72% (ρ 0.5) of histories.

Exit codes: 0 ok, 1 a recent step up (with --fail-on-step), 2 bad usage or input.`,
};

export function historyCommand(argv: readonly string[], io: CommandIo = processIo): Promise<number> {
  return runCommand(historySpec, argv, (values, positionals) => history(values, positionals, io), io.stdout);
}

async function history(values: Values, positionals: readonly string[], io: CommandIo): Promise<number> {
  const [scenario, ...extra] = positionals;
  if (scenario === undefined || extra.length > 0) {
    throw new BadInputError('history takes one scenario name.', 'Example: `meshtax history mtls-strict --append results/<run-id>.json`.');
  }
  const workspace = await openWorkspace(text(values.config));
  const { config } = workspace;
  const resultsDir = workspace.resultsDir(text(values['results-dir']));
  const recent = positiveInt('recent', values.recent) ?? DEFAULT_RECENT_NIGHTS;
  const window = positiveInt('window', values.window);
  const alpha = text(values.alpha) === undefined ? undefined : Number(values.alpha);
  if (alpha !== undefined && !(alpha > 0 && alpha <= 0.2)) throw new BadInputError(`--alpha must be a probability above 0 and at most 0.2, got "${values.alpha}".`);

  const append = text(values.append);
  if (append) {
    const record = await readRecord(append);
    if (record.scenario.name !== scenario) {
      throw new BadInputError(`${append} is a run of scenario "${record.scenario.name}", not "${scenario}".`, `Append it to its own history: \`meshtax history ${record.scenario.name} --append ${append}\`.`);
    }
    const file = historyFile(record.scenario.name, resultsDir);
    const { appended } = await appendHistoryEntry(file, historyEntry(record, config.regression));
    io.stderr(appended ? `Appended ${record.runId} to ${path.relative(process.cwd(), file) || file}\n` : `${record.runId} is already in ${file}; not appended twice.\n`);
  }
  const { entries, skipped } = await readHistoryFile(historyFile(scenario, resultsDir));
  for (const line of skipped.slice(0, 10)) io.stderr(`Skipped ${line}.\n`);
  if (skipped.length > 10) io.stderr(`Skipped ${skipped.length - 10} more bad lines.\n`);
  const series = analyseHistory(entries, { ...(alpha !== undefined ? { alpha } : {}), ...(window !== undefined ? { window } : {}) });

  const markdown = text(values.markdown);
  if (markdown) {
    await mkdir(path.dirname(path.resolve(markdown)), { recursive: true });
    await writeFileAtomic(markdown, renderHistoryMarkdown(scenario, series));
  }
  const report = await writeHistoryReport(scenario, series, workspace.reportsDir(text(values['reports-dir'])));
  io.stderr(`Trend chart written to ${path.relative(process.cwd(), path.join(report.dir, 'index.html'))} (and trend.svg, trend.png)\n`);
  if (values.json) io.stdout(`${JSON.stringify({ scenario, nights: entries.length, series }, null, 1)}\n`);
  else io.stdout(`${renderHistoryTerminal(scenario, series)}\n`);

  const steps = stepsUp(series, { recent, regression: config.regression, ...(window !== undefined ? { window } : {}) }).map((step) => {
    const s = series[step.series]!;
    return `${level(s)} p${s.percentile}: +${Math.round(step.changePoint.change)} µs from ${step.runId}`;
  });
  if (steps.length > 0) io.stderr(`Recent step up of the tax:\n${steps.map((s) => `  ${s}`).join('\n')}\n`);
  return values['fail-on-step'] === true && steps.length > 0 ? ExitCode.overBudget : ExitCode.ok;
}
