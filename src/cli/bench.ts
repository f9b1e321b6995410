import path from 'node:path';
import { loadConfig } from '../config/index.js';
import { BadInputError, ExitCode } from '../errors.js';
import { projectRoot } from '../paths.js';
import { renderComparisonTerminal } from '../report/compare/terminal.js';
import { readRecord } from '../record/index.js';
import { renderTerminal } from '../report/terminal.js';
import { writeReport } from '../report/write-report.js';
import { compareRecords } from '../compare/index.js';
import type { BenchConfig } from '../config/index.js';
import type { ResultRecord } from '../record/index.js';
import { runBench, type BenchOutcome } from '../run/bench.js';
import { preflightRun } from '../run/preflight.js';
import { holdSignals } from './hold-signals.js';
import { newRunId } from '../run/run-id.js';
import { resolveRun, type RunOverrides } from '../run/resolved-run.js';
import { loadScenario } from '../scenario/index.js';
import { parseCommandArgs, positiveInt } from './args.js';
import { terminalProgress } from './progress.js';

export const BENCH_HELP = `Usage: npm run bench -- --scenario <name|file.ts> [options]

Measures the mesh tax: the latency an Envoy sidecar pair (client → mTLS → server) adds to a
request, against a budget. Baseline (load → app) and mesh (load → sidecars → app) are deployed
side by side and measured in interleaved rounds (A B B A); the tax at each percentile is
mesh − baseline within a round, reported as the median over rounds with a bootstrap CI.

Options:
  --scenario <name>      scenario from scenarios/ (npm run list), or a path to a scenario .ts file
  --profile <a,b>        node profiles from bench.config.ts (default: its defaultProfiles)
  --quick                short run (config.quick: fewer, shorter rounds) — still interleaved, still a CI
  --rounds <n>           override the number of rounds
  --budget-us <n>        override the latency budget in µs (default 2000)
  --inconclusive-fails   exit 1 on INCONCLUSIVE as well as on FAIL
  --config <file>        bench config (default: bench.config.ts in the project)
  --results-dir <dir>    where results/<run-id>.json goes (default: config.resultsDir)
  --baseline <file>      compare this run with an earlier result (npm run compare); exit 1 on a regression
  --node-type <name>     capacity report: the node type this machine stands for (a key of config prices)
  --target-rps <n>       capacity report: the load to plan for (nodes needed, money per hour)
  --json                 print the result record as JSON on stdout (progress stays on stderr)
  -h, --help             this text

Reading the table: baseline and mesh are the medians over rounds of each percentile in µs; tax
is the median of per-round differences with its CI; the noise floor is the A/A difference of the
baseline against itself — a tax smaller than it cannot be told from zero. Verdict: PASS when the
CI's upper end is within budget, FAIL when its lower end is above, INCONCLUSIVE otherwise.

Capacity planning (--scenario capacity, or any scenario with a \`capacity\` section): instead of fixed
levels, a search per profile — double the offered rate while the p99 tax's CI stays within budget,
errors within the threshold and every trial valid, then bisect between the last pass and the first
fail. The report adds the highest rate within budget, the knee of the latency curve, the sidecars'
CPU and memory, and with prices in bench.config.ts the nodes needed and the cost per million
requests. The verdict is the one at the capacity found (FAIL when no rate tried is within budget).
Rounds and trial length come from the scenario's capacity section (--quick and --rounds do not apply).

Exit codes: 0 pass, 1 over budget (FAIL, or INCONCLUSIVE with --inconclusive-fails),
2 bad usage or input, 3 environment cannot run it (or a child died), 130 interrupted.
`;

export async function benchCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('bench', argv, {
    scenario: { type: 'string' },
    profile: { type: 'string' },
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    'budget-us': { type: 'string' },
    'inconclusive-fails': { type: 'boolean', default: false },
    config: { type: 'string' },
    'results-dir': { type: 'string' },
    json: { type: 'boolean', default: false },
    baseline: { type: 'string' },
    'node-type': { type: 'string' },
    'target-rps': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(BENCH_HELP);
    return ExitCode.ok;
  }
  if (!values.scenario) throw new BadInputError('Which scenario? --scenario is required.', 'Run `npm run list` to see the scenarios, e.g. `npm run bench -- --scenario mtls-strict`.');
  const { config: loadedConfig } = await loadConfig(values.config ?? path.join(projectRoot, 'bench.config.ts'));
  const loaded = await loadScenario(values.scenario, path.join(projectRoot, 'scenarios'));
  const run = resolveRun({
    runId: newRunId(loaded.scenario.name),
    loaded,
    config: loadedConfig,
    resultsDir: path.resolve(projectRoot, values['results-dir'] ?? loadedConfig.resultsDir),
    overrides: overridesFrom(values),
  });
  const { config } = run;
  const reportsDir = path.resolve(projectRoot, config.reportsDir);
  const baseline = values.baseline ? await readRecord(values.baseline) : undefined; // read first: a bad file fails before the run
  const progress = terminalProgress();
  const preflight = await preflightRun(run, { reportsDir, log: progress.phase });
  const signals = holdSignals(progress.warn);
  try {
    const outcome = await runBench({ run, progress, preflight, argv: ['bench', ...argv], onForce: () => process.exit(ExitCode.interrupted) });
    signals.runDone();
    progress.done();
    if (values.json) process.stdout.write(`${JSON.stringify(outcome.record)}\n`);
    else process.stdout.write(`\n${renderTerminal(outcome.record)}\n`);
    process.stderr.write(`Result written to ${path.relative(process.cwd(), outcome.file) || outcome.file}\n`);
    const report = await writeReport(outcome.record, reportsDir);
    process.stderr.write(`Report written to ${path.relative(process.cwd(), path.join(report.dir, 'index.html'))} (and report.md, charts/, smp.json)\n`);
    return signals.interrupted ? ExitCode.interrupted : verdictExit(outcome, baseline, config);
  } finally {
    signals.release();
  }
}

function verdictExit(outcome: BenchOutcome, baseline: ResultRecord | undefined, config: BenchConfig): number {
  if (outcome.error) throw outcome.error;
  if (baseline) {
    const comparison = compareRecords(baseline, outcome.record, { regression: config.regression });
    process.stdout.write(`\n${renderComparisonTerminal(comparison)}\n`);
    if (comparison.rows.some((r) => r.verdict === 'regression')) return ExitCode.overBudget;
  }
  const failedChecks = outcome.record.checks.filter((c) => !c.passed);
  if (failedChecks.length > 0) {
    process.stderr.write(`meshtax: ${failedChecks.length} verification(s) failed — the mesh did not behave as configured, so its tax is not the one asked for.\n`);
    return ExitCode.overBudget;
  }
  return outcome.record.verdict === 'PASS' || (outcome.record.verdict === 'INCONCLUSIVE' && !config.inconclusiveFails) ? ExitCode.ok : ExitCode.overBudget;
}

interface OverrideFlags {
  readonly quick?: boolean;
  readonly profile?: string | undefined;
  readonly rounds?: string | undefined;
  readonly 'budget-us'?: string | undefined;
  readonly 'inconclusive-fails'?: boolean;
  readonly 'node-type'?: string | undefined;
  readonly 'target-rps'?: string | undefined;
}

function overridesFrom(values: OverrideFlags): RunOverrides {
  const profiles = values.profile?.split(',').map((p) => p.trim()).filter(Boolean);
  const rounds = positiveInt('rounds', values.rounds);
  const budgetUs = positiveInt('budget-us', values['budget-us']);
  const targetRps = positiveInt('target-rps', values['target-rps']);
  return {
    quick: values.quick === true,
    inconclusiveFails: values['inconclusive-fails'] === true,
    ...(profiles && profiles.length > 0 ? { profiles } : {}),
    ...(rounds !== undefined ? { rounds } : {}),
    ...(budgetUs !== undefined ? { budgetUs } : {}),
    ...(targetRps !== undefined ? { targetRps } : {}),
    ...(values['node-type'] !== undefined ? { nodeType: values['node-type'] } : {}),
  };
}
