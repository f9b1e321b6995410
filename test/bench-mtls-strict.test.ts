/**
 * The main job, end to end with real parts: real Envoy sidecars with mTLS STRICT, the real
 * sample API, the real load agent, through the CLI a user runs.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';
import type { ResultRecord } from '../src/record/schema.js';
import { leftoverRunDirs, meshtax, onlyRecord, processesWithMark, runLeftovers, tempResultsDir } from './testing/cli.js';

/** 5 rounds of 0.3 s: the fewest that give the tax its interval. */
const SHORT = path.join(projectRoot, 'test', 'fixtures', 'short.config.ts');

describe('npm run bench -- --scenario mtls-strict (short real run)', () => {
  const mark = randomUUID();
  let record: ResultRecord;
  let exitCode: number | undefined;
  let output: string;

  beforeAll(async () => {
    const results = await tempResultsDir();
    const run = await meshtax(['bench', '--scenario', 'mtls-strict', '--quick', '--config', SHORT, '--results-dir', results], { mark });
    exitCode = run.exitCode;
    output = run.all ?? '';
    record = await onlyRecord(results);
  });

  it('finishes with a verdict exit code and prints the table', () => {
    expect([0, 1], output).toContain(exitCode);
    expect(output).toMatch(/percentile\s+baseline µs\s+mesh µs\s+tax µs/);
    expect(output).toMatch(/Verdict: (PASS|FAIL|INCONCLUSIVE)/);
  });

  it('measures that the sidecar pair adds latency at the median (its CI excludes zero unless the run flags a disturbed machine)', () => {
    const p50 = record.summary.find((r) => r.percentile === 50)!;
    expect(record.state).toBe('completed');
    expect(p50.taxUs).toBeGreaterThan(0);
    expect(p50.ciUs[0]).not.toBeNull();
    // A host stealing a third of the CPU for a moment can widen a 5-round interval past zero; then
    // the table must say the machine was disturbed (no test fails because the machine was slow).
    if (!/! disturbed machine:/.test(output)) expect(p50.ciUs[0]!, output).toBeGreaterThan(0);
    expect(p50.meshUs!).toBeGreaterThan(p50.baselineUs!);
  });

  it('interleaves baseline and mesh and keeps every trial histogram', () => {
    const measured = record.trials.filter((t) => !t.warmup);
    expect(measured.map((t) => t.variant).slice(0, 4)).toEqual(['baseline', 'mesh', 'mesh', 'baseline']);
    expect(measured).toHaveLength(record.settings.rounds * 4);
    expect(record.stopping).toBeUndefined(); // --quick is a fixed run, without looks
    expect(measured.every((t) => t.load.latencyHistogram.startsWith('HISTF'))).toBe(true);
  });

  it('verified mTLS STRICT: plaintext and foreign-CA clients refused, a workload served', () => {
    expect(record.checks.length).toBeGreaterThanOrEqual(3);
    expect(record.checks.filter((c) => !c.passed)).toEqual([]);
    expect(record.checks.map((c) => c.name).join('\n')).toMatch(/plaintext client[\s\S]*foreign CA[\s\S]*valid workload/);
  });

  it('writes a record that validates against the published JSON Schema', async () => {
    const schema = JSON.parse(await readFile(path.join(projectRoot, 'results', 'schema', 'result.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate(record), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(record.envoy.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(record.budgetUs).toBe(2000);
  });

  it('keeps what ran: the command line, meshtax\'s commit, every sidecar\'s generated configuration', () => {
    expect(record.invocation?.argv.slice(0, 8)).toEqual(['bench', '--scenario', 'mtls-strict', '--quick', '--config', SHORT, '--results-dir', expect.any(String)]);
    expect(record.tool.commit).toMatch(/^[0-9a-f]{40}(\+dirty)?$/);
    const sidecars = (record.envoy.configs ?? []).map((c) => c.sidecar).sort();
    expect(sidecars).toEqual(['client', 'server-v1']);
    for (const c of record.envoy.configs ?? []) expect(c.config).toHaveProperty('static_resources.listeners');
  });

  it('leaves no process, key, run folder, namespace or cgroup behind', async () => {
    expect(await processesWithMark(mark)).toEqual([]);
    expect(await leftoverRunDirs(record.runId)).toEqual([]);
    expect(await runLeftovers(record.runId)).toBe('');
    expect(record.cleanup.failures).toEqual([]);
  });
});
