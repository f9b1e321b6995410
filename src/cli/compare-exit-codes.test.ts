import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadInputError } from '../errors.js';
import { fabricateRecord, type FabricateSpec } from '../testing/fabricate-record.js';
import { compareCommand } from './compare.js';
import type { CommandIo } from './io.js';

let dir = '';
const files: Record<string, string> = {};
const captured = () => {
  const out = { stdout: '', stderr: '' };
  const io: CommandIo = { stdout: (t) => void (out.stdout += t), stderr: (t) => void (out.stderr += t) };
  return { out, io };
};
const write = async (name: string, spec: FabricateSpec) => {
  files[name] = path.join(dir, `${name}.json`);
  await writeFile(files[name], JSON.stringify(fabricateRecord({ samplesPerTrial: 400, ...spec })));
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'meshtax-compare-'));
  await write('baseline', { seed: 1 });
  await write('same', { seed: 2 });
  await write('slower', { seed: 3, extraMeshUs: 120 });
  await write('other-envoy', { seed: 4, envoyVersion: '1.37.0' });
  await writeFile(path.join(dir, 'broken.json'), '{"schemaVersion": 1');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run compare', () => {
  it('exits 1 on a regression and writes the Markdown and JUnit reports', async () => {
    const { out, io } = captured();
    const md = path.join(dir, 'reports', 'compare.md');
    const junit = path.join(dir, 'reports', 'compare.xml');
    expect(await compareCommand([files.baseline!, files.slower!, '--markdown', md, '--junit', junit], io)).toBe(1);
    expect(out.stdout).toMatch(/^meshtax compare — scenario mtls-strict: REGRESSION/);
    expect(await readFile(md, 'utf8')).toMatch(/REGRESSION/);
    expect(await readFile(junit, 'utf8')).toMatch(/<failure type="regression"/);
  });

  it('exits 0 when nothing changed, and prints JSON with --json', async () => {
    const { out, io } = captured();
    expect(await compareCommand([files.baseline!, files.same!, '--json'], io)).toBe(0);
    const json = JSON.parse(out.stdout) as { verdict: string; rows: { verdict: string }[] };
    expect(json.rows).toHaveLength(3);
    expect(json.rows.some((r) => r.verdict === 'regression')).toBe(false);
  });

  it('refuses different Envoy versions with exit 2, unless --allow-different-env', async () => {
    const refused = compareCommand([files.baseline!, files['other-envoy']!], captured().io);
    await expect(refused).rejects.toBeInstanceOf(BadInputError);
    await expect(refused).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/envoyVersion: baseline 1\.36\.4, current 1\.37\.0/) });
    expect(await compareCommand([files.baseline!, files['other-envoy']!, '--allow-different-env'], captured().io)).toBe(0);
  });

  it.each([
    [['only-one.json'], /two result files/],
    [['missing.json', 'also-missing.json'], /Cannot read result file .*missing\.json/],
    [['BROKEN', 'BROKEN'], /is not JSON/],
    [['--alpha', '2', 'a.json', 'b.json'], /--alpha must be a probability/],
    [['--frobnicate'], /unknown option '--frobnicate'/],
  ])('exits 2 on bad input %j', async (argv, message) => {
    const args = argv.map((a) => (a === 'BROKEN' ? path.join(dir, 'broken.json') : a.endsWith('.json') && a !== 'a.json' && a !== 'b.json' ? path.join(dir, a) : a));
    if (argv.includes('a.json')) args.splice(2, 2, files.baseline!, files.same!);
    const attempt = compareCommand(args, captured().io);
    await expect(attempt).rejects.toBeInstanceOf(BadInputError);
    await expect(attempt).rejects.toThrow(message);
  });

  it('teaches with --help', async () => {
    const { out, io } = captured();
    expect(await compareCommand(['--help'], io)).toBe(0);
    expect(out.stdout).toMatch(/Usage: meshtax compare \[options\] \[baseline\] \[current\]/);
    expect(out.stdout).toMatch(/--min-effect-us <n>/);
    expect(out.stdout).toMatch(/noisy/);
  });
});
