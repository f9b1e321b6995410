/**
 * Benchmark (figures, not a test): what Istio's choices cost on this machine — the minimal sidecar
 * pair (mtls-strict) against Istio's layout with interception (istio-default) and with every
 * request logged and traced (telemetry-full). Runs each scenario one after another through
 * `meshtax bench` as a user would (its own process, the config's defaults unless flags say
 * otherwise), then prints the side-by-side table and writes it (report.md, index.html) under the
 * reports folder. Needs root for namespaces and iptables; otherwise the Istio scenarios fall back
 * to reduced fidelity and the table says so.
 *   npm run bench:istio [-- --quick] [--scenarios a,b,c] [--allow-different-env] [any `meshtax bench` flag: --rounds, --profile, --config …]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { openWorkspace } from '../src/cli/workspace.js';
import { projectRoot } from '../src/paths.js';
import { nodeCommand } from '../src/process/index.js';
import { readRecord, recordFile } from '../src/record/index.js';
import { reportCommand } from '../src/cli/report.js';

const DEFAULT_SCENARIOS = ['mtls-strict', 'istio-default', 'telemetry-full'];
const CLI = path.join(projectRoot, 'src', 'cli', 'main.ts');
/** A default run takes a few minutes; a stuck one must not hold the machine lock forever. */
const PER_SCENARIO_TIMEOUT_MS = 45 * 60_000;

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(`npm run bench:istio [-- --quick] [--scenarios a,b,c] [--allow-different-env] [any meshtax bench flag]

Runs ${DEFAULT_SCENARIOS.join(', ')} (or --scenarios, the first is the reference) one after another
through \`meshtax bench\`, then prints and writes \`meshtax report --side-by-side\` of their records.
Other flags (--quick, --rounds, --profile, --config, --results-dir, --reports-dir …) go to each bench.
Run it alone on the machine: \`flock /tmp/meshtax-machine.lock npm run bench:istio -- --quick\`.
`);
  process.exit(0);
}
const { scenarios, allowDifferentEnv, benchArgs } = splitArgs(process.argv.slice(2));
const flag = (name: string) => {
  const at = benchArgs.indexOf(name);
  return at >= 0 ? benchArgs[at + 1] : benchArgs.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
};
const workspace = await openWorkspace(flag('--config'));
const resultsDir = workspace.resultsDir(flag('--results-dir'));
const reportsDir = workspace.reportsDir(flag('--reports-dir'));
const scratch = await mkdtemp(path.join(os.tmpdir(), 'meshtax-bench-istio-'));

const files: string[] = [];
const exits: string[] = [];
try {
  for (const [i, scenario] of scenarios.entries()) {
    process.stderr.write(`\n=== ${i + 1}/${scenarios.length}: meshtax bench ${scenario} ${benchArgs.join(' ')}\n`);
    const json = path.join(scratch, `${scenario}.json`);
    const { file, args } = nodeCommand(CLI, ['bench', scenario, ...benchArgs, '--json', json]);
    const done = await execa(file, args, { cwd: process.cwd(), stdio: 'inherit', reject: false, timeout: PER_SCENARIO_TIMEOUT_MS });
    exits.push(`${scenario}: exit ${done.exitCode ?? done.signal ?? '?'}`);
    if (done.isCanceled || done.signal === 'SIGINT' || done.exitCode === 130) throw new Error(`interrupted during ${scenario}`);
    const record = await readRecord(json).catch(() => undefined);
    if (record === undefined) {
      process.stderr.write(`! ${scenario} wrote no result (exit ${done.exitCode ?? done.signal}); left out of the table.\n`);
      continue;
    }
    files.push(path.relative(process.cwd(), recordFile(resultsDir, record.runId)));
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}

process.stdout.write(`\n${exits.join('; ')}\n\n`);
if (files.length < 2) {
  process.stderr.write(`Only ${files.length} of ${scenarios.length} scenarios gave a result: nothing to put side by side.\n`);
  process.exit(3);
}
// The table exactly as `meshtax report --side-by-side` prints and writes it.
const config = flag('--config');
const code = await reportCommand(['--side-by-side', ...files, '--out', reportsDir, '--results-dir', resultsDir, ...(config ? ['--config', config] : []), ...(allowDifferentEnv ? ['--allow-different-env'] : [])]);
process.stdout.write(`Again from the records: meshtax report --side-by-side ${files.join(' ')}\n`);
process.exit(code);

/** `--scenarios a,b,c` and `--allow-different-env` are this script's; everything else goes to `meshtax bench`. */
function splitArgs(argv: readonly string[]): { scenarios: string[]; allowDifferentEnv: boolean; benchArgs: string[] } {
  let scenarios = DEFAULT_SCENARIOS;
  let allowDifferentEnv = false;
  const benchArgs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--scenarios') scenarios = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (arg.startsWith('--scenarios=')) scenarios = arg.slice('--scenarios='.length).split(',').filter(Boolean);
    else if (arg === '--allow-different-env') allowDifferentEnv = true;
    else if (arg === '--json' || arg.startsWith('--json=')) process.stderr.write('! --json is ignored: bench:istio keeps each record in the results folder.\n');
    else benchArgs.push(arg);
  }
  if (scenarios.length < 2) {
    process.stderr.write('bench:istio: --scenarios needs at least two scenario names, comma-separated (the first is the reference).\n');
    process.exit(2);
  }
  return { scenarios, allowDifferentEnv, benchArgs };
}
