/**
 * `meshtax image build` against real buildah (a storage folder of the test's own): builds the app
 * and Envoy images tagged under --image-prefix, and pushes them to a real registry on loopback
 * (CNCF distribution's `registry`, without TLS) when one is at hand: $REGISTRY_BIN or `registry`
 * on PATH (`go install github.com/distribution/distribution/v3/cmd/registry@v3.0.0`); without it
 * the push to a live registry is skipped, saying so, and only the failing push runs. CPU-heavy:
 *   flock /tmp/meshtax-machine.lock npx vitest run test/image-build.test.ts
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPath } from '../src/process/executables.js';
import { PINNED_ENVOY_VERSION } from '../src/sidecar/index.js';
import { TOOL_VERSION } from '../src/version.js';
import { meshtax } from './testing/cli.js';

const buildahBinary = await onPath('buildah', process.env);
const registryBinary = process.env.REGISTRY_BIN ?? (await onPath('registry', process.env));
if (buildahBinary === undefined) console.log('test/image-build.test.ts skipped: buildah is not installed (apt-get install buildah)');
if (buildahBinary !== undefined && registryBinary === undefined) {
  console.log('test/image-build.test.ts: no registry binary ($REGISTRY_BIN or `registry` on PATH): the push to a live registry is skipped; the failing push still runs');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const storedTags = async (storage: string) =>
  (await execa(buildahBinary!, ['--root', path.join(storage, 'root'), '--runroot', path.join(storage, 'run'), '--storage-driver', 'vfs', 'images', '--format', '{{.Name}}:{{.Tag}}'], { timeout: 60_000 })).stdout.split('\n');

describe.skipIf(buildahBinary === undefined)('meshtax image build with real buildah', () => {
  let work: string;
  let registry: ResultPromise | undefined;
  let registryPort = 0;

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'meshtax-image-test-'));
    if (registryBinary === undefined) return;
    registryPort = await freePort();
    const config = path.join(work, 'registry.yml');
    await writeFile(config, `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${path.join(work, 'registry')}\nhttp:\n  addr: 127.0.0.1:${registryPort}\n`);
    registry = execa(registryBinary, ['serve', config], { reject: false, timeout: 900_000, forceKillAfterDelay: 3_000, cleanup: true });
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const up = await fetch(`http://127.0.0.1:${registryPort}/v2/`).then((r) => r.ok, () => false);
      if (up) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`the registry on 127.0.0.1:${registryPort} did not answer within 20 s`);
  }, 60_000);

  afterAll(async () => {
    registry?.kill('SIGTERM');
    await registry;
    await rm(work, { recursive: true, force: true });
  }, 120_000);

  it.skipIf(registryBinary === undefined)('builds both images under the prefix into buildah\'s storage and pushes them to the registry', async () => {
    const prefix = `127.0.0.1:${registryPort}/meshtax-test/`;
    const storage = path.join(work, 'storage-pushed');
    const run = await meshtax(['image', 'build', '--image-prefix', prefix, '--storage', storage, '--push', '--tls-verify', 'false'], { timeoutMs: 900_000 });
    expect(run.exitCode, run.all).toBe(0);
    const app = `${prefix}meshtax-app:${TOOL_VERSION}`;
    const envoy = `${prefix}meshtax-envoy:${PINNED_ENVOY_VERSION}`;
    expect(run.all).toContain(`✓ pushed ${app}`);
    expect(await storedTags(storage)).toEqual(expect.arrayContaining([app, envoy]));
    const tags = async (repo: string) => ((await (await fetch(`http://127.0.0.1:${registryPort}/v2/meshtax-test/${repo}/tags/list`)).json()) as { tags?: string[] }).tags;
    expect(await tags('meshtax-app')).toEqual([TOOL_VERSION]);
    expect(await tags('meshtax-envoy')).toEqual([PINNED_ENVOY_VERSION]);
  }, 900_000);

  it('builds both images under the prefix, and exits 3 naming the image when the registry cannot be reached', async () => {
    const deadPort = await freePort();
    const prefix = `127.0.0.1:${deadPort}/meshtax-test/`;
    const storage = path.join(work, 'storage-unpushed');
    const run = await meshtax(['image', 'build', '--image-prefix', prefix, '--storage', storage, '--push', '--tls-verify', 'false'], { timeoutMs: 900_000 });
    expect(run.exitCode, run.all).toBe(3);
    expect(run.all).toMatch(new RegExp(`pushing ${prefix.replace(/[.]/g, '\\.')}meshtax-app:\\S+ failed`));
    expect(run.all).toMatch(/buildah login/);
    expect(await storedTags(storage)).toEqual(expect.arrayContaining([`${prefix}meshtax-app:${TOOL_VERSION}`, `${prefix}meshtax-envoy:${PINNED_ENVOY_VERSION}`]));
  }, 900_000);
});
