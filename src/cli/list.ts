import path from 'node:path';
import { ExitCode } from '../errors.js';
import { projectRoot } from '../paths.js';
import { listScenarios } from '../scenario/index.js';

export async function listCommand(argv: string[]): Promise<number> {
  const scenarios = await listScenarios(path.join(projectRoot, 'scenarios'));
  if (argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(scenarios.map(({ name, description }) => ({ name, description })))}\n`);
    return ExitCode.ok;
  }
  for (const s of scenarios) process.stdout.write(`${s.name.padEnd(18)} ${s.description}\n`);
  process.stdout.write(`\nRun one: npm run bench -- --scenario <name>\n`);
  return ExitCode.ok;
}
