// Every bad input of a run is refused before anything is created: one BadInputError (exit 2)
// naming the field or flag and what was expected. Pure checks, called in-process; the CLI's own
// path is covered by a handful of real runs in test/bad-input-creates-nothing.test.ts.
import { chmod, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BenchConfigSchema, ScenarioSchema, validate } from '../config/index.js';
import { BadInputError, isMeshtaxError } from '../errors.js';
import { verifyEnvoy } from '../sidecar/index.js';
import { nodeSetNames } from '../targets/index.js';
import { checkProfileCpus, checkWritableDir } from './preflight.js';
import { resolveRun, type RunOverrides } from './resolved-run.js';

const config = BenchConfigSchema.parse({});
const scenario = ScenarioSchema.parse({ name: 'mtls-strict', description: 'd', mesh: { istio: 'x' } });
const loaded = { scenario, file: 'scenarios/mtls-strict.ts', istioYaml: '', policy: { inbound: {}, outbound: {} } } as never;
const resolve = (overrides: RunOverrides, cfg = config) => () => resolveRun({ runId: '20261129-000000-mtls-strict-0000', loaded, config: cfg, resultsDir: '/tmp', overrides });

function badInput(fn: () => unknown, message: RegExp): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error, 'expected a BadInputError').toBeInstanceOf(BadInputError);
  expect((error as Error).message).toMatch(message);
}

describe('command-line numbers get the config schema’s limits', () => {
  it.each<[string, RunOverrides, RegExp]>([
    ['--rounds 1e9', { rounds: 1e9 }, /--rounds 1000000000: .*200.*timing\.rounds/],
    ['--rounds 2', { rounds: 2 }, /--rounds 2: .*3.*timing\.rounds/],
    ['--budget-us 99999999999', { budgetUs: 99_999_999_999 }, /--budget-us 99999999999: at most 10 000 000 µs.*budgetUs/],
    ['--target-rps 1e12', { targetRps: 1e12 }, /--target-rps 1000000000000: .*100000000.*capacity\.targetRps/],
    ['--max-duration 1e9', { maxDurationS: 1e9 }, /--max-duration 1000000000: at most 86 400 s.*sequential\.maxDurationS/],
    ['--max-duration 0', { maxDurationS: 0 }, /--max-duration 0: .*sequential\.maxDurationS/],
    ['--node-type ""', { nodeType: ' ' }, /--node-type is empty/],
    ['--profile gold', { profiles: ['gold'] }, /Unknown profile gold/],
  ])('%s', (_, overrides, message) => badInput(resolve(overrides), message));

  it('profiles whose node names would collide in one run', () => {
    const seen = new Map<string, string>();
    let names: string[] = [];
    for (let i = 0; names.length === 0; i++) {
      const ns = nodeSetNames('r', `p${i}`).clientNs;
      if (seen.has(ns)) names = [seen.get(ns)!, `p${i}`];
      seen.set(ns, `p${i}`);
    }
    const cfg = BenchConfigSchema.parse({ profiles: Object.fromEntries(names.map((n) => [n, { kind: 'dedicated' }])), defaultProfiles: [names[0]] });
    badInput(resolve({ profiles: names }, cfg), new RegExp(`Profiles ${names[0]} & ${names[1]} would get the same node names`));
  });
});

describe('config and scenario fields that would fail only mid-run', () => {
  const scenarioWith = (workload: object, load: object = {}) => () => validate(ScenarioSchema, { name: 's', description: 'd', mesh: { istio: 'x' }, workload, load }, 's.ts');
  it.each<[string, () => unknown, RegExp]>([
    ['serviceName empty', scenarioWith({ serviceName: '' }), /workload\.serviceName: a DNS label/],
    ['serviceName upper case', scenarioWith({ serviceName: 'Sample-API' }), /workload\.serviceName: a DNS label/],
    ['serviceName of 64 characters', scenarioWith({ serviceName: 'a'.repeat(64) }), /workload\.serviceName: at most 63 characters/],
    ['namespace with a dot', scenarioWith({ namespace: 'a.b' }), /workload\.namespace: a DNS label/],
    ['a version of 40 characters', scenarioWith({ versions: [`v${'1'.repeat(40)}`] }), /workload\.versions\[0\]: at most 32/],
    ['timeoutMs 2^31', scenarioWith({}, { timeoutMs: 2 ** 31 }), /load\.timeoutMs: at most 600 000 ms/],
    ['a scenario name of 64 characters', () => validate(ScenarioSchema, { name: 'a'.repeat(64), description: 'd', mesh: { istio: 'x' } }, 's.ts'), /name: at most 63/],
    ['verdictPercentiles not among percentiles', () => validate(BenchConfigSchema, { percentiles: [50, 99], verdictPercentiles: [50, 90] }, 'c.ts'), /verdictPercentiles: 90 not among percentiles \(50, 99\)/],
    ['budgetUs of 1e11', () => validate(BenchConfigSchema, { budgetUs: 1e11 }, 'c.ts'), /budgetUs: at most 10 000 000/],
    ['a profile name of 64 characters', () => validate(BenchConfigSchema, { profiles: { [`p${'x'.repeat(63)}`]: { kind: 'dedicated' } } }, 'c.ts'), /profiles\.px+: not a valid name: at most 63 characters/],
  ])('%s', (_, fn, message) => badInput(fn, message));

  it('a config with thousands of problems lists 20 and a count', () => {
    const profiles = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`p${i}`, { kind: 'nope' }]));
    let message = '';
    try {
      validate(BenchConfigSchema, { profiles }, 'c.ts');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split('\n')).toHaveLength(22);
    expect(message).toMatch(/… and 480 more problems$/);
  });
});

describe('the machine, checked before anything is created', () => {
  it('profile CPUs that are not on this machine', () => {
    const cfg = BenchConfigSchema.parse({ profiles: { big: { kind: 'dedicated', cpus: '0-63' } }, defaultProfiles: ['big'] });
    const run = resolveRun({ runId: '20261129-000000-mtls-strict-0000', loaded, config: cfg, resultsDir: '/tmp' });
    badInput(() => checkProfileCpus(run, [0, 1]), /profiles\.big\.cpus is "0-63", but CPU 2, 3, .* are not on this machine/);
  });

  it.each<[string, () => Promise<string>, RegExp]>([
    ['a results dir that is a file', async () => fileIn(), /cannot be a folder: .* is a file/],
    ['a results dir below a file', async () => path.join(await fileIn(), 'sub'), /cannot be a folder: .* is a file/],
    ['a results dir under /proc', async () => '/proc/self/results', /under \/proc.*a kernel filesystem/],
    ['a results dir under /sys', async () => '/sys/kernel/results', /under \/sys.*a kernel filesystem/],
    ['a results dir under /proc/sys', async () => '/proc/sys/x/y', /kernel filesystem/],
  ])('%s', async (_, dir, message) => {
    const wanted = await dir();
    const error = await checkWritableDir(wanted, '--results-dir').then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as Error).message).toMatch(message);
  });

  it.runIf(process.getuid?.() === 0)('a results dir on a read-only filesystem (root: a read-only tmpfs)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'meshtax-ro-'));
    await execa('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', dir]);
    try {
      const error = await checkWritableDir(path.join(dir, 'results'), '--results-dir').then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(BadInputError);
      expect((error as Error).message).toMatch(/--results-dir: cannot write to .*meshtax-ro-.* \(to create .*results\): EROFS/);
    } finally {
      await execa('umount', [dir]);
    }
  });

  it('a results dir that is checked leaves nothing behind', async () => {
    const parent = await mkdtemp(path.join(os.tmpdir(), 'meshtax-wcheck-'));
    await checkWritableDir(path.join(parent, 'results', 'deeper'), '--results-dir');
    expect(await readdir(parent)).toEqual([]);
  });

  it.each<[string, string, RegExp]>([
    ['/bin/false', '/bin/false', /ENVOY_BIN \/bin\/false is not a working Envoy: it exited with code 1/],
    ['/bin/true (exits 0, says nothing)', '/bin/true', /ENVOY_BIN \/bin\/true is not a working Envoy: it does not say it is Envoy/],
    ['a script that prints another version line', 'script', /does not say it is Envoy/],
  ])('ENVOY_BIN %s is bad input (exit 2)', async (_, binary, message) => {
    const file = binary === 'script' ? await scriptPrinting('node version: v20') : binary;
    const error = await verifyEnvoy({ path: file, source: 'ENVOY_BIN' }).then(() => undefined, (e: unknown) => e);
    expect(isMeshtaxError(error) && error.exitCode).toBe(2);
    expect((error as Error).message).toMatch(message);
  });

  it('a provisioned binary that is not Envoy is the environment’s problem (exit 3)', async () => {
    const error = await verifyEnvoy({ path: '/bin/true', source: 'project-local' }).then(() => undefined, (e: unknown) => e);
    expect(isMeshtaxError(error) && error.exitCode).toBe(3);
  });
});

async function fileIn(): Promise<string> {
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'meshtax-wcheck-')), 'a-file');
  await writeFile(file, 'x');
  return file;
}

async function scriptPrinting(line: string): Promise<string> {
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'meshtax-fake-envoy-')), 'envoy');
  await writeFile(file, `#!/bin/sh\necho '${line}'\n`);
  await chmod(file, 0o755);
  return file;
}
