/**
 * Builds ztunnel from its source for `npm run setup`: the tarball or checkout is unpacked (or
 * copied) under `.meshtax/ztunnel/src/<commit>`, its optional git-only `tls-boring` dependency is
 * dropped (a forge CI cannot reach; `tls-ring` does not need it), and cargo builds with a target
 * folder under `.meshtax/ztunnel/target`, so a second build is incremental. The user's folder is
 * never written to.
 */
import { chmod, copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { EnvironmentError } from '../errors.js';
import { localStateDir, projectRoot } from '../paths.js';
import { withFileLock } from '../process/index.js';
import { readBuildInfo, ZTUNNEL_FEATURES, ztunnelStateDir, type ZtunnelBinary, type ZtunnelBuildInfo } from './provision.js';

const CARGO_PROFILE = 'quick-release';
const BUILD_TIMEOUT_MS = 45 * 60_000;
const TARBALL = /^ztunnel-([0-9a-f]{7,40})-src\.tar\.gz$/;

export interface ZtunnelSourceRef {
  readonly path: string;
  readonly kind: 'tarball' | 'folder';
}

/** `MESHTAX_ZTUNNEL_SRC`, else the shared vendor tarball beside the checkout (`../shared/vendor/`), else none. */
export async function ztunnelSource(env: NodeJS.ProcessEnv = process.env, root = projectRoot): Promise<ZtunnelSourceRef | undefined> {
  const given = env.MESHTAX_ZTUNNEL_SRC;
  if (given) return { path: path.resolve(given), kind: given.endsWith('.tar.gz') || given.endsWith('.tgz') ? 'tarball' : 'folder' };
  const vendor = path.resolve(root, '..', 'shared', 'vendor');
  const tarball = (await readdir(vendor).catch(() => [])).filter((f) => TARBALL.test(f)).sort().at(-1);
  return tarball ? { path: path.join(vendor, tarball), kind: 'tarball' } : undefined;
}

async function commitOf(source: ZtunnelSourceRef): Promise<string> {
  if (source.kind === 'tarball') return TARBALL.exec(path.basename(source.path))?.[1] ?? 'unknown';
  const git = await execa('git', ['-C', source.path, 'rev-parse', '--short=7', 'HEAD'], { reject: false, timeout: 10_000, stdin: 'ignore' });
  return git.exitCode === 0 ? git.stdout.trim() : 'unknown';
}

export interface BuildOptions {
  readonly log?: (line: string) => void;
  readonly stateDir?: string;
}

/** Builds (or finds already built) ztunnel from `source`; throws an EnvironmentError saying what is missing. */
export async function buildZtunnel(source: ZtunnelSourceRef, options: BuildOptions = {}): Promise<ZtunnelBinary> {
  const log = options.log ?? (() => {});
  const commit = await commitOf(source);
  const stateDir = ztunnelStateDir(options.stateDir ?? localStateDir);
  const outDir = path.join(stateDir, commit);
  const binary = path.join(outDir, 'ztunnel');
  await mkdir(outDir, { recursive: true });
  return withFileLock(binary, async () => {
    const info = await readBuildInfo(outDir);
    if (info && commit !== 'unknown') return { path: binary, source: 'built' as const, commit, features: info.features };
    await requireTools();
    const srcDir = path.join(stateDir, 'src', commit);
    await unpackOnce(source, srcDir);
    const targetDir = path.join(stateDir, 'target');
    log(`Building ztunnel ${commit} (cargo --profile ${CARGO_PROFILE}, features ${ZTUNNEL_FEATURES.join(',')}); several minutes on 2 cores …`);
    const args = ['-n', '10', 'cargo', 'build', '--profile', CARGO_PROFILE, '--no-default-features', '--features', ZTUNNEL_FEATURES.join(','), '--bin', 'ztunnel'];
    const result = await execa('nice', args, { cwd: srcDir, env: { CARGO_TARGET_DIR: targetDir }, timeout: BUILD_TIMEOUT_MS, reject: false, all: true, stdin: 'ignore' });
    if (result.exitCode !== 0 || result.failed) {
      const tail = (result.all ?? result.shortMessage ?? '').trim().split('\n').slice(-15).join('\n    ');
      throw new EnvironmentError(`cargo could not build ztunnel ${commit} (${result.timedOut ? 'timed out' : `exit ${result.exitCode ?? result.signal}`}):\n    ${tail}`);
    }
    await copyFile(path.join(targetDir, CARGO_PROFILE, 'ztunnel'), binary);
    await chmod(binary, 0o755);
    const built: ZtunnelBuildInfo = { commit, features: [...ZTUNNEL_FEATURES], profile: CARGO_PROFILE, source: source.path, builtAt: new Date().toISOString() };
    await writeFile(path.join(outDir, 'build.json'), `${JSON.stringify(built, null, 2)}\n`);
    log(`ztunnel ${commit} is at ${binary}`);
    return { path: binary, source: 'built' as const, commit, features: built.features };
  }, BUILD_TIMEOUT_MS + 60_000);
}

async function requireTools(): Promise<void> {
  for (const [tool, how] of [
    ['cargo', 'Install Rust (rustup.rs), 1.90 or newer.'],
    ['protoc', 'Install protoc: `apt-get install protobuf-compiler` (`npm run setup` does, as root).'],
  ] as const) {
    const found = await execa('sh', ['-c', `command -v ${tool}`], { reject: false, stdin: 'ignore' });
    if (found.exitCode !== 0) throw new EnvironmentError(`building ztunnel needs ${tool}, which is not installed.`, how);
  }
}

/** Unpacked sources are kept (marked when complete): cargo's incremental build needs them unchanged. */
async function unpackOnce(source: ZtunnelSourceRef, dest: string): Promise<void> {
  const marker = path.join(dest, UNPACKED_MARKER);
  if (await readFile(marker, 'utf8').then(() => true, () => false)) return;
  await unpack(source, dest);
  await dropGitOnlyDependency(path.join(dest, 'Cargo.toml'));
  await writeFile(marker, `${source.path}\n`);
}

const UNPACKED_MARKER = '.meshtax-unpacked';

async function unpack(source: ZtunnelSourceRef, dest: string): Promise<void> {
  await rm(dest, { recursive: true, force: true });
  await mkdir(dest, { recursive: true });
  const tar = source.kind === 'tarball' ? ['tar', ['xzf', source.path, '-C', dest, '--strip-components=1']] : ['sh', ['-c', 'tar -C "$1" --exclude=./out --exclude=./target --exclude=./.git -cf - . | tar -C "$2" -xf -', 'copy', source.path, dest]];
  const result = await execa(tar[0] as string, tar[1] as string[], { reject: false, timeout: 300_000, stdin: 'ignore' });
  if (result.exitCode !== 0) throw new EnvironmentError(`could not unpack the ztunnel source ${source.path}: ${(result.stderr || result.shortMessage || '').trim()}`);
}

/** Removes the `tls-boring` feature and its git-only dependency (the only crate not from the registry). */
export function withoutGitOnlyDependency(cargoToml: string): string {
  return cargoToml
    .split('\n')
    .filter((line) => !/^tls-boring\s*=/.test(line) && !/^boring-rustls-provider\s*=\s*\{[^}]*\bgit\s*=/.test(line))
    .join('\n');
}

async function dropGitOnlyDependency(file: string): Promise<void> {
  await writeFile(file, withoutGitOnlyDependency(await readFile(file, 'utf8')));
}
