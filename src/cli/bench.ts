import path from 'node:path';
import { BadInputError, ExitCode } from '../errors.js';
import { renderComparisonTerminal } from '../report/compare/terminal.js';
import { readRecord, writeFileAtomic } from '../record/index.js';
import { renderTerminal, type NoiseSettings } from '../report/terminal.js';
import { writeReport } from '../report/write-report.js';
import { compareRecords, historyOptions } from '../compare/index.js';
import type { BenchConfig } from '../config/index.js';
import type { HistoryEntry, ResultRecord } from '../record/index.js';
import { runBench, type BenchOutcome } from '../run/bench.js';
import { preflightRun } from '../run/preflight.js';
import { holdSignals } from './hold-signals.js';
import { newRunId } from '../run/run-id.js';
import { resolveRun, type ResolvedRun, type RunOverrides } from '../run/resolved-run.js';
import { loadScenario } from '../scenario/index.js';
import { durationSeconds, positiveInt, runCommand, text, type CommandSpec, type Values } from './command-spec.js';
import { dryRun } from './validate.js';
import { kubernetesTarget, localTarget, refuseKubernetesRun, type Target } from '../targets/index.js';
import { nightsOf } from './run-to-run.js';
import { openWorkspace, type Workspace } from './workspace.js';
import { terminalProgress } from './progress.js';

export const benchSpec: CommandSpec = {
  name: 'bench',
  summary: 'run a scenario: the mesh tax per percentile against the budget, with a verdict',
  arguments: '[scenario]',
  options: [
    { flags: '--scenario <name>', description: 'a scenario by name (meshtax list) or the path of a scenario .ts file; or give it as the argument' },
    { flags: '--profile <a,b>', description: 'node profiles from bench.config.ts (default: its defaultProfiles)' },
    { flags: '--quick', description: 'short fixed run (config.quick: fewer, shorter rounds, no looks) — still interleaved, still a CI' },
    { flags: '--rounds <n>', description: 'override the rounds: a default run\'s first look (the fewest it makes), a --quick run\'s fixed count' },
    { flags: '--max-duration <time>', description: 'time cap of a default run, e.g. 300, 300s or 5m (default config sequential.maxDurationS: 300 s)' },
    { flags: '--budget-us <n>', description: 'override the latency budget in µs (default 2000)' },
    { flags: '--inconclusive-fails', description: 'exit 1 on INCONCLUSIVE as well as on FAIL (for CI gates)' },
    { flags: '--config <file>', description: 'bench config (default: the nearest bench.config.ts from here upwards, else the defaults)' },
    { flags: '--results-dir <dir>', description: 'where <run-id>.json goes (default: config.resultsDir beside the config)' },
    { flags: '--reports-dir <dir>', description: 'where the report folder <run-id>/ goes (default: config.reportsDir beside the config)' },
    { flags: '--baseline <file>', description: 'compare this run with an earlier result (meshtax compare); exit 1 on a regression. A level whose verdict is decided goes on measuring while that comparison can still be settled by more rounds, and to 20 rounds at least (the run is the next baseline)' },
    { flags: '--node-type <name>', description: 'capacity report: the node type this machine stands for (a key of config prices)' },
    { flags: '--target-rps <n>', description: 'capacity report: the load to plan for (nodes needed, money per hour)' },
    { flags: '--json [file]', description: 'the result record as JSON: on stdout (progress stays on stderr), or into a file' },
    { flags: '--target <name>', description: 'where it runs: local (default: processes and namespaces on this machine) or kubernetes (pods in a namespace of their own)' },
    { flags: '--kubeconfig <file>', description: '--target kubernetes: the kubeconfig (default $KUBECONFIG, else the local cluster of npm run cluster:up)' },
    { flags: '--context <name>', description: '--target kubernetes: the kubeconfig context (default its current one)' },
    { flags: '--image-prefix <prefix>', description: '--target kubernetes: where the meshtax-app and meshtax-envoy images are (default localhost/: imported into the local cluster, never pulled)' },
    { flags: '--sidecars <mode>', description: '--target kubernetes: auto (default: Istio\'s where the cluster has Istio, else meshtax\'s own Envoy), istio or meshtax' },
    { flags: '--dry-run', description: 'check the config and the scenario and print the generated Envoy configuration; run nothing' },
  ],
  details: `Measures the mesh tax: the latency an Envoy sidecar pair (client → mTLS → server) adds to a
request, against a budget. Baseline (load → app) and mesh (load → sidecars → app) are deployed
side by side and measured in interleaved rounds (A B B A); the tax at each percentile is
mesh − baseline, reported with a confidence interval.

A default run stops when it knows: each load level looks at its rounds at timing.rounds (8),
then 14, 20, 28 and 40 rounds (sequential.maxRounds), and stops at the first look where every
verdict percentile is PASS or one is FAIL — or before a look that would end after
--max-duration (5 min). Each look's intervals are at a corrected confidence (99% for 5 looks),
so the run keeps its 95% error rate; the report prints the intervals at that level and says where
and why the run stopped. --quick is a fixed short run without looks.

Examples:
  npx meshtax bench mtls-strict --quick
  npx meshtax bench scenarios/my-service.ts --profile dedicated,shared-core
  npx meshtax bench mtls-strict --json result.json --baseline results/baselines/mtls-strict.json

Reading the table: baseline and mesh are each side's latency at the percentile in µs; tax is
their difference with its CI; the noise floor is the A/A difference of the baseline against
itself — a tax smaller than it cannot be told from zero. Verdict: PASS when the CI's upper end is
within budget, FAIL when its lower end is above, INCONCLUSIVE otherwise.

Capacity planning (the scenario capacity, or any scenario with a \`capacity\` section): instead of
fixed levels, a search per profile — double the offered rate while the tax's CI stays within
budget, then bisect. The report adds the highest rate within budget, the knee of the latency
curve, the sidecars' CPU and memory, and with prices in bench.config.ts the nodes needed and the
cost per million requests. Rounds and trial length come from the scenario's capacity section.

Exit codes: 0 pass, 1 over budget (FAIL, or INCONCLUSIVE with --inconclusive-fails), 2 bad usage
or input, 3 environment cannot run it (or a child died), 130 interrupted.`,
};

export function benchCommand(argv: readonly string[]): Promise<number> {
  return runCommand(benchSpec, argv, (values, positionals) => bench(values, positionals, argv));
}

async function bench(values: Values, positionals: readonly string[], argv: readonly string[]): Promise<number> {
  const scenarioName = chooseScenario(values, positionals);
  const workspace = await openWorkspace(text(values.config));
  const loaded = await loadScenario(scenarioName, workspace.scenarioDirs);
  const run = resolveRun({
    runId: newRunId(loaded.scenario.name),
    loaded,
    config: workspace.config,
    resultsDir: workspace.resultsDir(text(values['results-dir'])),
    overrides: overridesFrom(values),
  });
  if (values['dry-run'] === true) return dryRun(run);
  const target = targetFrom(values, workspace, run); // bad target flags, or what the target cannot run, fail before anything starts
  const { config } = run;
  const reportsDir = workspace.reportsDir(text(values['reports-dir']));
  const baselineFile = text(values.baseline);
  const baseline = baselineFile ? await readRecord(baselineFile) : undefined; // read first: a bad file fails before the run
  const progress = terminalProgress();
  const preflight = await preflightRun(run, { reportsDir, log: progress.phase });
  const signals = holdSignals(progress.warn);
  try {
    // read once: the looks and the comparison at the end judge with the same nights
    const nights = baseline ? await nightsOf(run.loaded.scenario.name, run.resultsDir) : [];
    const comparison = baseline ? { comparison: { baseline, history: nights, regression: config.regression, percentiles: config.verdictPercentiles } } : {};
    const outcome = await runBench({ run, progress, preflight, target, argv: ['bench', ...argv], onForce: () => process.exit(ExitCode.interrupted), ...comparison });
    signals.runDone();
    progress.done();
    await printRecord(outcome.record, values.json, config.regression);
    process.stderr.write(`Result written to ${path.relative(process.cwd(), outcome.file) || outcome.file}\n`);
    const report = await writeReport(outcome.record, reportsDir);
    process.stderr.write(`Report written to ${path.relative(process.cwd(), path.join(report.dir, 'index.html'))} (and report.md, charts/, smp.json, the exports)\n`);
    return signals.interrupted ? ExitCode.interrupted : await verdictExit(outcome, baseline, config, nights);
  } finally {
    signals.release();
  }
}

/**
 * The scenario from --scenario or the argument; `npm run bench --scenario x` (no `--`) hands the
 * flag to npm, which leaves it in npm_config_scenario: take it from there and say so.
 */
function chooseScenario(values: Values, positionals: readonly string[]): string {
  const given = text(values.scenario) ?? positionals[0];
  if (given !== undefined) return given;
  const viaNpm = process.env.npm_config_scenario;
  if (viaNpm !== undefined && viaNpm !== '' && viaNpm !== 'true') {
    process.stderr.write(`! npm took --scenario for itself (no \`--\` before the flags); using scenario "${viaNpm}". Write \`npm run bench -- --scenario ${viaNpm}\` so the other flags reach meshtax too.\n`);
    return viaNpm;
  }
  throw new BadInputError('Which scenario? Give one: `meshtax bench mtls-strict` (or --scenario).', 'Run `meshtax list` to see the scenarios; through npm: `npm run bench -- --scenario mtls-strict`.');
}

/** `--json`: the record on stdout; `--json FILE`: into that file (stdout keeps the table). */
async function printRecord(record: ResultRecord, json: string | boolean | undefined, noise: NoiseSettings): Promise<void> {
  if (typeof json === 'string') {
    await writeFileAtomic(path.resolve(json), `${JSON.stringify(record)}\n`);
    process.stdout.write(`\n${renderTerminal(record, noise)}\n`);
  } else if (json === true) process.stdout.write(`${JSON.stringify(record)}\n`);
  else process.stdout.write(`\n${renderTerminal(record, noise)}\n`);
}

async function verdictExit(outcome: BenchOutcome, baseline: ResultRecord | undefined, config: BenchConfig, nights: readonly HistoryEntry[]): Promise<number> {
  if (outcome.error) throw outcome.error;
  if (baseline) {
    const comparison = compareRecords(baseline, outcome.record, { regression: config.regression, ...historyOptions(nights, outcome.record) });
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

/** Where the run goes: `--target` and its flags, over `targets.kubernetes` in the config. */
function targetFrom(values: Values, workspace: Workspace, run: ResolvedRun): Target {
  const name = text(values.target) ?? 'local';
  if (name === 'local') {
    for (const flag of ['kubeconfig', 'context', 'image-prefix', 'sidecars']) if (text(values[flag]) !== undefined) throw new BadInputError(`--${flag} is for --target kubernetes.`);
    return localTarget();
  }
  if (name !== 'kubernetes') throw new BadInputError(`--target must be local or kubernetes, got "${name}".`);
  refuseKubernetesRun({ loaded: run.loaded, passes: run.passes, profiles: run.config.profiles });
  const configured = workspace.config.targets?.kubernetes ?? {};
  const imagePrefix = text(values['image-prefix']) ?? configured.imagePrefix;
  const sidecars = text(values.sidecars) ?? configured.sidecars;
  if (sidecars !== undefined && sidecars !== 'auto' && sidecars !== 'istio' && sidecars !== 'meshtax') throw new BadInputError(`--sidecars must be auto, istio or meshtax, got "${sidecars}".`);
  return kubernetesTarget({
    kubeconfig: workspace.pathFrom(text(values.kubeconfig), configured.kubeconfig),
    context: text(values.context) ?? configured.context,
    ...(imagePrefix !== undefined ? { imagePrefix } : {}),
    ...(configured.imagePullPolicy !== undefined ? { imagePullPolicy: configured.imagePullPolicy } : {}),
    ...(configured.readyTimeoutS !== undefined ? { readyTimeoutMs: configured.readyTimeoutS * 1000 } : {}),
    ...(configured.nodePools !== undefined ? { nodePools: configured.nodePools } : {}),
    ...(sidecars !== undefined ? { sidecars } : {}),
    ...(configured.resources !== undefined ? { resources: configured.resources } : {}),
    ...(configured.loadAgent !== undefined ? { loadAgent: configured.loadAgent } : {}),
    ...(configured.probes !== undefined ? { probes: configured.probes } : {}),
  });
}

function overridesFrom(values: Values): RunOverrides {
  const profiles = text(values.profile)?.split(',').map((p) => p.trim()).filter(Boolean);
  const rounds = positiveInt('rounds', values.rounds);
  const budgetUs = positiveInt('budget-us', values['budget-us']);
  const targetRps = positiveInt('target-rps', values['target-rps']);
  const maxDurationS = durationSeconds('max-duration', values['max-duration']);
  return {
    quick: values.quick === true,
    inconclusiveFails: values['inconclusive-fails'] === true,
    ...(profiles && profiles.length > 0 ? { profiles } : {}),
    ...(rounds !== undefined ? { rounds } : {}),
    ...(budgetUs !== undefined ? { budgetUs } : {}),
    ...(targetRps !== undefined ? { targetRps } : {}),
    ...(maxDurationS !== undefined ? { maxDurationS } : {}),
    ...(text(values['node-type']) !== undefined ? { nodeType: text(values['node-type'])! } : {}),
  };
}
