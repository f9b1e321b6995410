import { mkdir } from 'node:fs/promises';
import { writeFileAtomic } from '../record/index.js';
import path from 'node:path';
import type { RegressionSettings } from '../config/index.js';
import { BadInputError, ExitCode } from '../errors.js';
import { renderComparisonJunit } from '../report/compare/junit.js';
import { renderComparisonMarkdown } from '../report/compare/markdown.js';
import { renderComparisonTerminal } from '../report/compare/terminal.js';
import { historyFile, readHistory, readRecord } from '../record/index.js';
import { compareRecords, compareWithHistory, DEFAULT_HISTORY_WINDOW, MIN_NIGHTS_TO_PREDICT } from '../compare/index.js';
import { renderHistoryComparisonTerminal } from '../report/compare/history-terminal.js';
import { runCommand, text, type CommandSpec, type Values } from './command-spec.js';
import { historyForCompare } from './run-to-run.js';
import { openWorkspace } from './workspace.js';
import { processIo, type CommandIo } from './io.js';

export const compareSpec: CommandSpec = {
  name: 'compare',
  summary: 'the change of the tax between two runs of a scenario; exit 1 on a regression',
  arguments: '[baseline] [current]',
  options: [
    { flags: '--against-history', description: 'judge one run against the history of comparable nights (results-dir/history/<scenario>.jsonl) instead of one baseline run' },
    { flags: '--window <nights>', description: `with --against-history: the latest comparable nights to predict from (default ${DEFAULT_HISTORY_WINDOW})` },
    { flags: '--json', description: 'print the comparison as JSON on stdout instead of the table' },
    { flags: '--markdown <file>', description: 'also write Markdown (for a CI job summary, e.g. $GITHUB_STEP_SUMMARY)' },
    { flags: '--junit <file>', description: 'also write JUnit XML: one test per row, a failure per regression' },
    { flags: '--allow-different-env', description: 'compare across machines, kernels, Envoy versions or fidelity anyway' },
    { flags: '--alpha <p>', description: 'override regression.alpha (default 0.01)' },
    { flags: '--min-effect-us <n>', description: 'override regression.minEffectUs (default 50)' },
    { flags: '--min-effect-pct <n>', description: 'override regression.minEffectPct (default 10)' },
    { flags: '--config <file>', description: 'bench config (default: the nearest bench.config.ts from here upwards)' },
    { flags: '--results-dir <dir>', description: 'where history/<scenario>.jsonl is, for how much runs differ night to night (default: config.resultsDir)' },
  ],
  details: `Compares the mesh tax of two runs of one scenario — per profile, load level and percentile — and
says whether it regressed. Each side's tax at a percentile comes from its merged histograms (the
figure its own report prints), its standard error from resampling its rounds; the change has a
Welch t interval that also carries how much runs differ from night to night (2τ², τ learnt from the
history of comparable nights beside the results, when there are 5 or more; else taken as 0 and said):

  regression   the change is significant (p ≤ alpha), its interval lies above 0, and it is at
               least the minimum effect
  improvement  the same, downwards
  no change    the whole interval of the change lies within the no-change band (below)
  can't tell   neither could be shown: re-run with the extra rounds it recommends (bounded)
  noisy        the machine was disturbed in either run (CPU steal, CPU pressure, throttling,
               load-generator lag, invalid trials above the limits) and the change does not clear
               the minimum effect even so

The minimum effect is max(minEffectUs, minEffectPct % of the baseline tax). "No change" needs the
change's whole interval within the percentile's no-change band (noChangeBandUs: ±100 µs at p50,
±200 at p90, ±1000 at p99, ±2000 at p99.9 by default; never narrower than the minimum effect).
alpha, the minimum effect, the bands, maxExtraRounds and the noise limits are set under
\`regression\` in bench.config.ts (see
src/config/schema.ts). Beside the interval, the rank test of Chromium Pinpoint (the smaller of the
Mann-Whitney U and Kolmogorov-Smirnov permutation p-values on per-round taxes) is shown.

--against-history judges one run against the history instead of one baseline run: a prediction
interval from the latest comparable nights (same machine, Envoy and fidelity; completed, not
quick, not noisy at the row; --window of them, default ${DEFAULT_HISTORY_WINDOW}), whose spread holds both each
night's own noise and the run-to-run variance. With 8 nights or more, and tonight's baseline p50
within the nights' range, the prediction is adjusted for the machine's speed that night (the tax
follows it), each night weighted by its own precision, so a night with a tail stall widens only
its own interval. The interval is at the run's stated confidence, as when comparing two runs; a
regression still needs p ≤ alpha. Nights are appended with
\`meshtax history <scenario> --append <result>\`; at least ${MIN_NIGHTS_TO_PREDICT} are needed.

Runs from different hardware (CPU model, cores, kernel), Envoy versions or fidelity are refused:
their difference would not be a regression.

Examples (nightly CI):
  meshtax compare results/baselines/mtls-strict.json results/<run-id>.json \\
    --markdown reports/compare.md --junit reports/compare.xml
  meshtax compare --against-history results/<run-id>.json

Exit codes: 0 no regression (including can't tell and noisy), 1 regression found,
2 bad usage or input (missing or invalid file, different environments).`,
};

export function compareCommand(argv: readonly string[], io: CommandIo = processIo): Promise<number> {
  return runCommand(compareSpec, argv, (values, positionals) => compare(values, positionals, io), io.stdout);
}

async function compare(values: Values, positionals: readonly string[], io: CommandIo): Promise<number> {
  if (values['against-history'] === true) return compareAgainstHistory(values, positionals, io);
  if (positionals.length !== 2) {
    throw new BadInputError(
      `compare takes two result files, the baseline and the current run; got ${positionals.length}.`,
      'Example: `meshtax compare results/baselines/mtls-strict.json results/<run-id>.json`; `meshtax compare --help` for the options.',
    );
  }
  const [baselineFile, currentFile] = positionals as [string, string];
  const workspace = await openWorkspace(text(values.config));
  const { config } = workspace;
  const regression = applyOverrides(config.regression, values);
  const [baseline, current] = await Promise.all([readRecord(baselineFile), readRecord(currentFile)]);
  const history = await historyForCompare(current, workspace.resultsDir(text(values['results-dir'])));
  const comparison = compareRecords(baseline, current, { regression, allowDifferentEnv: values['allow-different-env'] === true, ...history });

  const markdown = text(values.markdown);
  const junit = text(values.junit);
  if (markdown) await writeOutput(markdown, renderComparisonMarkdown(comparison));
  if (junit) await writeOutput(junit, renderComparisonJunit(comparison));
  if (values.json) io.stdout(`${JSON.stringify(comparison, null, 1)}\n`);
  else io.stdout(`${renderComparisonTerminal(comparison)}\n`);
  return comparison.rows.some((r) => r.verdict === 'regression') ? ExitCode.overBudget : ExitCode.ok;
}

async function compareAgainstHistory(values: Values, positionals: readonly string[], io: CommandIo): Promise<number> {
  if (positionals.length !== 1) {
    throw new BadInputError(
      `compare --against-history takes one result file, tonight's run; got ${positionals.length}.`,
      'Example: `meshtax compare --against-history results/<run-id>.json` (append nights with `meshtax history <scenario> --append <file>`).',
    );
  }
  const workspace = await openWorkspace(text(values.config));
  const regression = applyOverrides(workspace.config.regression, values);
  const window = windowFrom(values);
  const current = await readRecord(positionals[0]!);
  const file = historyFile(current.scenario.name, workspace.resultsDir(text(values['results-dir'])));
  const entries = await readHistory(file, { missingOk: true });
  const comparison = compareWithHistory(current, entries, { regression, window });
  if (values.json) io.stdout(`${JSON.stringify(comparison, null, 1)}\n`);
  else io.stdout(`${renderHistoryComparisonTerminal(comparison)}\n`);
  if (comparison.rows.every((r) => r.prediction === null)) io.stderr(`meshtax: no row had ${MIN_NIGHTS_TO_PREDICT} comparable nights in ${file}; append nights with \`meshtax history ${current.scenario.name} --append <result>\`.\n`);
  return comparison.rows.some((r) => r.verdict === 'regression') ? ExitCode.overBudget : ExitCode.ok;
}

function windowFrom(values: Values): number {
  const given = text(values.window);
  if (given === undefined) return DEFAULT_HISTORY_WINDOW;
  const n = Number(given);
  if (!Number.isInteger(n) || n < MIN_NIGHTS_TO_PREDICT || n > 1000) throw new BadInputError(`--window must be a whole number of nights from ${MIN_NIGHTS_TO_PREDICT} to 1000, got "${given}".`);
  return n;
}

function applyOverrides(settings: RegressionSettings, values: Values): RegressionSettings {
  const number = (name: string, flag: string | boolean | undefined, ok: (x: number) => boolean, expected: string) => {
    const given = text(flag);
    if (given === undefined) return undefined;
    const x = Number(given);
    if (given.trim() === '' || !Number.isFinite(x) || !ok(x)) throw new BadInputError(`--${name} must be ${expected}, got "${given}".`);
    return x;
  };
  const alpha = number('alpha', values.alpha, (x) => x > 0 && x <= 0.2, 'a probability above 0 and at most 0.2, e.g. 0.01');
  const minEffectUs = number('min-effect-us', values['min-effect-us'], (x) => x >= 0, 'a number of µs ≥ 0');
  const minEffectPct = number('min-effect-pct', values['min-effect-pct'], (x) => x >= 0 && x <= 1000, 'a percentage ≥ 0');
  return {
    ...settings,
    ...(alpha !== undefined ? { alpha } : {}),
    ...(minEffectUs !== undefined ? { minEffectUs } : {}),
    ...(minEffectPct !== undefined ? { minEffectPct } : {}),
  };
}

async function writeOutput(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFileAtomic(file, content);
}
