/** The meshtax command line: the only place that prints an error and chooses the exit code. */
import { Command } from 'commander';
import { ExitCode } from '../errors.js';
import { TOOL_VERSION } from '../version.js';
import { agentCommand, agentSpec } from './agent.js';
import { benchCommand, benchSpec } from './bench.js';
import { commandOf, usageError, type CommandSpec } from './command-spec.js';
import { compareCommand, compareSpec } from './compare.js';
import { doctorCommand, doctorSpec } from './doctor.js';
import { exitWith } from './exit.js';
import { historyCommand, historySpec } from './history.js';
import { imageCommand, imageSpec } from './image.js';
import { initCommand, initSpec } from './init.js';
import { listCommand, listSpec } from './list.js';
import { reportCommand, reportSpec } from './report.js';
import { setupCommand, setupSpec } from './setup.js';
import { validateCommand, validateSpec } from './validate.js';

const COMMANDS: ReadonlyArray<readonly [CommandSpec, (argv: readonly string[]) => Promise<number>]> = [
  [benchSpec, benchCommand],
  [listSpec, listCommand],
  [validateSpec, validateCommand],
  [compareSpec, compareCommand],
  [historySpec, historyCommand],
  [reportSpec, reportCommand],
  [doctorSpec, doctorCommand],
  [setupSpec, setupCommand],
  [initSpec, initCommand],
  [agentSpec, agentCommand],
  [imageSpec, imageCommand],
];

/** The program as help and suggestions see it; each command parses its own flags. */
function program(): Command {
  const root = new Command('meshtax')
    .description('Measure the latency and CPU that Envoy sidecars add (the mesh tax), against a budget.')
    .version(TOOL_VERSION)
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: (t) => void process.stdout.write(t), writeErr: () => {}, outputError: () => {} })
    .addHelpText(
      'after',
      `
Start here:
  npx meshtax init                    a bench.config.ts and a scenario of your own, in this folder
  npx meshtax bench mtls-strict       the main job: the tax of mTLS STRICT sidecars (about 2 minutes)
  npx meshtax bench mtls-strict --quick
  npx meshtax <command> --help        every option of a command

Exit codes: 0 ok, 1 over budget or a regression, 2 bad usage or input, 3 environment cannot run
it, 130 interrupted.`,
    );
  for (const [spec] of COMMANDS) root.addCommand(commandOf(spec));
  return root;
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = COMMANDS.find(([spec]) => spec.name === name);
  if (command !== undefined) return command[1](rest);
  if (name === 'help' && rest[0] !== undefined) return main([rest[0], '--help']);
  let code: number;
  try {
    program().parse(name === undefined || name === 'help' ? ['--help'] : [...argv], { from: 'user' });
    code = ExitCode.ok;
  } catch (error) {
    code = usageError(error, ''); // an unknown command throws, with commander's "did you mean"
  }
  return name === undefined ? ExitCode.badInput : code;
}

exitWith(main(process.argv.slice(2)));
