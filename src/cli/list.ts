import { ExitCode } from '../errors.js';
import { listScenarios } from '../scenario/index.js';
import { runCommand, text, type CommandSpec } from './command-spec.js';
import { openWorkspace, SHIPPED_SCENARIOS } from './workspace.js';

export const listSpec: CommandSpec = {
  name: 'list',
  summary: 'the scenarios: yours (scenarios/ beside your bench.config.ts) and the ones meshtax ships',
  options: [
    { flags: '--json', description: 'as JSON' },
    { flags: '--config <file>', description: 'bench config (default: the nearest bench.config.ts from here upwards)' },
  ],
};

export function listCommand(argv: readonly string[]): Promise<number> {
  return runCommand(listSpec, argv, async (values) => {
    const scenarios = await listScenarios((await openWorkspace(text(values.config))).scenarioDirs);
    if (values.json === true) {
      process.stdout.write(`${JSON.stringify(scenarios.map(({ name, description, file }) => ({ name, description, file, shipped: file.startsWith(SHIPPED_SCENARIOS) })))}\n`);
      return ExitCode.ok;
    }
    for (const s of scenarios) process.stdout.write(`${s.name.padEnd(18)} ${s.description}${s.file.startsWith(SHIPPED_SCENARIOS) ? '' : `  (${s.file})`}\n`);
    process.stdout.write(`\nRun one: meshtax bench <name>   (in meshtax's own checkout: npm run bench -- --scenario <name>)\n`);
    return ExitCode.ok;
  });
}
