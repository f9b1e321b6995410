/**
 * Where ztunnel (Istio's ambient node proxy) comes from. No registry carries it, so meshtax never
 * downloads it: `ZTUNNEL_BIN` (the user's own build) wins, then a `ztunnel` on PATH, then the one
 * `npm run setup` built from source (`MESHTAX_ZTUNNEL_SRC`, a checkout or a tarball) into
 * `.meshtax/ztunnel/<commit>/ztunnel`, beside a `build.json` naming its commit and features.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { BadInputError } from '../errors.js';
import { localStateDir } from '../paths.js';
import { isExecutable, onPath } from '../process/executables.js';

export type ZtunnelSource = 'ZTUNNEL_BIN' | 'PATH' | 'built';

export interface ZtunnelBinary {
  readonly path: string;
  readonly source: ZtunnelSource;
  /** Upstream commit it was built from ("unknown" for a binary the user gave). */
  readonly commit: string;
  /** Cargo features it was built with; `testing` is what allows FAKE_CA. */
  readonly features: readonly string[];
}

/** What `npm run setup` writes beside the binary it built. */
export interface ZtunnelBuildInfo {
  readonly commit: string;
  readonly features: readonly string[];
  readonly profile: string;
  readonly source: string;
  readonly builtAt: string;
}

export const ZTUNNEL_FEATURES = ['tls-ring', 'testing'] as const;
export const ztunnelStateDir = (stateDir = localStateDir): string => path.join(stateDir, 'ztunnel');

/** What to do when no ztunnel is found, in the words of an error hint or a test's skip. */
export const ZTUNNEL_HOW_TO =
  'Build it with `npm run setup:ztunnel` (needs cargo and protoc; MESHTAX_ZTUNNEL_SRC names a ztunnel source folder or tarball, default ../shared/vendor/ztunnel-*-src.tar.gz), or set ZTUNNEL_BIN to a ztunnel built with the `testing` feature.';

/** Finds ztunnel without building it; undefined when there is none. */
export async function findZtunnel(env: NodeJS.ProcessEnv = process.env, stateDir = localStateDir): Promise<ZtunnelBinary | undefined> {
  const fromEnv = env.ZTUNNEL_BIN;
  if (fromEnv) {
    if (await isExecutable(fromEnv)) return { path: path.resolve(fromEnv), source: 'ZTUNNEL_BIN', commit: 'unknown', features: [] };
    throw new BadInputError(`ZTUNNEL_BIN is set to ${fromEnv}, which is not an executable file.`, ZTUNNEL_HOW_TO);
  }
  const fromPath = await onPath('ztunnel', env);
  if (fromPath) return { path: fromPath, source: 'PATH', commit: 'unknown', features: [] };
  return builtZtunnel(stateDir);
}

/** The newest ztunnel setup built (by build.json's time), if any. */
async function builtZtunnel(stateDir: string): Promise<ZtunnelBinary | undefined> {
  const dir = ztunnelStateDir(stateDir);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const built: { binary: ZtunnelBinary; at: string }[] = [];
  for (const entry of entries.filter((e) => e.isDirectory())) {
    const info = await readBuildInfo(path.join(dir, entry.name));
    const binary = path.join(dir, entry.name, 'ztunnel');
    if (info && (await isExecutable(binary))) built.push({ binary: { path: binary, source: 'built', commit: info.commit, features: info.features }, at: info.builtAt });
  }
  return built.sort((a, b) => b.at.localeCompare(a.at))[0]?.binary;
}

export async function readBuildInfo(dir: string): Promise<ZtunnelBuildInfo | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir, 'build.json'), 'utf8')) as ZtunnelBuildInfo;
  } catch {
    return undefined;
  }
}
