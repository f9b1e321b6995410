/**
 * meshtax as a user installs it: `npm pack`, then in an empty folder `npm install <tarball>`,
 * `npx meshtax init`, `npx meshtax validate`, `npx meshtax bench mtls-strict --quick` (a real
 * run: Envoy, app, load agent from the installed, compiled package), and `import … from 'meshtax'`.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEnvoy } from '../src/sidecar/index.js';
import { projectRoot } from '../src/paths.js';

const FAST = `import { defineConfig } from 'meshtax';
export default defineConfig({ quick: { rounds: 3, trialSeconds: 0.5, warmupSeconds: 0.3 }, maxScheduleLagUs: 1000000 });
`;

describe('the installed package', () => {
  let folder = '';
  let tarball = '';
  let env: Record<string, string> = {};
  const npx = (args: string[], timeout = 120_000) => execa('npx', ['--no', 'meshtax', ...args], { cwd: folder, env, reject: false, all: true, timeout });

  beforeAll(async () => {
    const envoy = await findEnvoy();
    env = envoy ? { ENVOY_BIN: envoy.path } : {};
    const packDir = await mkdtemp(path.join(os.tmpdir(), 'meshtax-pack-'));
    const packed = await execa('npm', ['pack', '--silent', '--pack-destination', packDir], { cwd: projectRoot, timeout: 300_000 });
    tarball = path.join(packDir, packed.stdout.trim().split('\n').at(-1)!);
    folder = await mkdtemp(path.join(os.tmpdir(), 'meshtax-user-'));
    await writeFile(path.join(folder, 'package.json'), '{ "name": "my-service-bench", "private": true, "type": "module" }\n');
    await execa('npm', ['install', tarball, '--no-audit', '--no-fund'], { cwd: folder, timeout: 300_000 });
  }, 600_000);

  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
    if (tarball) await rm(path.dirname(tarball), { recursive: true, force: true });
  });

  it('ships compiled code, its scenarios and the schema — not the tests', async () => {
    const files = (await execa('tar', ['tzf', tarball])).stdout.split('\n');
    expect(files).toContain('package/dist/cli/main.js');
    expect(files).toContain('package/scenarios/mtls-strict.ts');
    expect(files.filter((f) => f.endsWith('.test.ts') || f.includes('/testing/'))).toEqual([]);
  });

  it('init writes a config and a scenario that validate, with Envoy checking the generated configuration', async () => {
    const init = await npx(['init']);
    expect(init.exitCode, init.all).toBe(0);
    expect(await readFile(path.join(folder, 'bench.config.ts'), 'utf8')).toContain("from 'meshtax'");
    const validate = await npx(['validate', 'my-service', '--quiet']);
    expect(validate.exitCode, validate.all).toBe(0);
    expect(validate.all).toMatch(/scenario my-service/);
    const list = await npx(['list', '--json']);
    const names = (JSON.parse(list.stdout) as Array<{ name: string; shipped: boolean }>).map((s) => `${s.name}${s.shipped ? '' : ' (own)'}`);
    expect(names).toContain('my-service (own)');
    expect(names).toContain('mtls-strict');
  });

  it('bench mtls-strict --quick runs for real from the install and writes the record and report in the user\'s folder', async () => {
    await writeFile(path.join(folder, 'fast.config.ts'), FAST);
    const run = await npx(['bench', 'mtls-strict', '--quick', '--config', 'fast.config.ts', '--json', 'result.json'], 300_000);
    expect([0, 1], run.all).toContain(run.exitCode);
    const record = JSON.parse(await readFile(path.join(folder, 'result.json'), 'utf8')) as { scenario: { name: string }; trials: unknown[]; checks: Array<{ passed: boolean }> };
    expect(record.scenario.name).toBe('mtls-strict');
    expect(record.trials.length).toBeGreaterThan(0);
    expect(record.checks.every((c) => c.passed)).toBe(true);
    expect(await readdir(path.join(folder, 'results'))).toHaveLength(1);
    expect((await readdir(path.join(folder, 'reports'))).length).toBe(1);
  });

  it('a typo gets a suggestion, and --config that is not there is an error (exit 2)', async () => {
    const typo = await npx(['bench', 'mtls-strict', '--rouns', '3']);
    expect(typo.exitCode).toBe(2);
    expect(typo.all).toMatch(/Did you mean --rounds\?/);
    const missing = await npx(['bench', 'mtls-strict', '--config', 'nope.ts']);
    expect(missing.exitCode).toBe(2);
    expect(missing.all).toMatch(/--config nope\.ts: no such file/);
  });
});
