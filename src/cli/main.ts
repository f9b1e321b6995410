/** The meshtax command line: the only place that prints an error and chooses the exit code. */
import { ExitCode, isMeshtaxError } from '../errors.js';
import { benchCommand } from './bench.js';
import { compareCommand } from './compare.js';
import { historyCommand } from './history.js';
import { doctorCommand } from './doctor.js';
import { listCommand } from './list.js';
import { reportCommand } from './report.js';

const HELP = `meshtax — measure the latency and CPU that Envoy sidecars add, against a budget.

Commands (through npm run):
  npm run bench -- --scenario mtls-strict   run a scenario (see: npm run bench -- --help)
  npm run bench -- --scenario capacity      capacity planning: the load a node carries within budget
  npm run compare -- <base.json> <new.json> the change of the tax between two runs; exit 1 on a regression
  npm run meshtax -- history <scenario>     the nightly history of a scenario, with change points
  npm run report -- <result.json>           re-render reports/<run-id>/ (HTML, Markdown, PNG/SVG charts, SMP)
  npm run report -- --compare a.json b.json  capacity results of several machines side by side
  npm run list                              the scenarios, with one line each
  npm run doctor                            what this machine can do (Envoy, root, namespaces, cgroups)
  npm run setup                             provision what the benchmark needs (Envoy)

Exit codes: 0 ok, 1 over budget, 2 bad usage or input, 3 environment cannot run it, 130 interrupted.
`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  bench: benchCommand,
  compare: compareCommand,
  history: historyCommand,
  list: listCommand,
  report: reportCommand,
  doctor: doctorCommand,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return command === undefined ? ExitCode.badInput : ExitCode.ok;
  }
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`meshtax: unknown command "${command}". The commands are: ${Object.keys(COMMANDS).join(', ')}.\n`);
    return ExitCode.badInput;
  }
  return run(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (isMeshtaxError(error)) {
      process.stderr.write(`\nmeshtax: ${error.message}\n${error.hint ? `  → ${error.hint}\n` : ''}`);
      process.exit(error.exitCode);
    }
    process.stderr.write(`\nmeshtax: unexpected error — this is a bug in meshtax:\n${(error as Error).stack ?? String(error)}\n`);
    process.exit(ExitCode.environment);
  },
);
