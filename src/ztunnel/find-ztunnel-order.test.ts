import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withoutGitOnlyDependency } from './build.js';
import { findZtunnel } from './provision.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function executable(dir: string, name: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  await writeFile(file, '#!/bin/sh\n');
  await chmod(file, 0o755);
  return file;
}

async function stateWithBuild(commit: string, builtAt: string): Promise<string> {
  const state = await mkdtemp(path.join(os.tmpdir(), 'zt-state-'));
  dirs.push(state);
  const dir = path.join(state, 'ztunnel', commit);
  await executable(dir, 'ztunnel');
  await writeFile(path.join(dir, 'build.json'), JSON.stringify({ commit, features: ['tls-ring', 'testing'], profile: 'quick-release', source: 'x', builtAt }));
  return state;
}

describe('findZtunnel', () => {
  it('prefers ZTUNNEL_BIN, then PATH, then the newest build', async () => {
    const state = await stateWithBuild('aaaaaaa', '2026-01-01T00:00:00Z');
    await executable(path.join(state, 'ztunnel', 'bbbbbbb'), 'ztunnel');
    await writeFile(path.join(state, 'ztunnel', 'bbbbbbb', 'build.json'), JSON.stringify({ commit: 'bbbbbbb', features: ['testing'], profile: 'p', source: 's', builtAt: '2026-02-01T00:00:00Z' }));
    const bin = await executable(path.join(state, 'bin'), 'ztunnel');
    expect(await findZtunnel({ ZTUNNEL_BIN: bin, PATH: '' }, state)).toMatchObject({ source: 'ZTUNNEL_BIN', path: bin });
    expect(await findZtunnel({ PATH: path.join(state, 'bin') }, state)).toMatchObject({ source: 'PATH' });
    expect(await findZtunnel({ PATH: '' }, state)).toMatchObject({ source: 'built', commit: 'bbbbbbb', features: ['testing'] });
  });

  it('finds nothing where nothing was built, and refuses a ZTUNNEL_BIN that is not executable', async () => {
    const state = await mkdtemp(path.join(os.tmpdir(), 'zt-empty-'));
    dirs.push(state);
    expect(await findZtunnel({ PATH: '' }, state)).toBeUndefined();
    await expect(findZtunnel({ ZTUNNEL_BIN: path.join(state, 'nope'), PATH: '' }, state)).rejects.toThrow(/ZTUNNEL_BIN/);
  });
});

describe('withoutGitOnlyDependency', () => {
  it('drops the tls-boring feature and its git dependency, nothing else', () => {
    const toml = [
      'tls-boring = ["dep:boring", "boring-rustls-provider/fips-only"]',
      'tls-ring = ["dep:ring"]',
      'boring-rustls-provider = { git = "https://github.com/x/y", optional = true } #',
      'boring = { version = "4", optional = true }',
    ].join('\n');
    expect(withoutGitOnlyDependency(toml)).toBe(['tls-ring = ["dep:ring"]', 'boring = { version = "4", optional = true }'].join('\n'));
  });
});
