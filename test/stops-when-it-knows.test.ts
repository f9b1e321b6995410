/**
 * A default run stops when it knows (issue 13 §3), end to end with real parts (Envoy sidecars,
 * the sample API, the load agent), through the CLI: looks at 5 and 8 rounds; with a budget no tax
 * can reach, every verdict percentile PASSes at the first look unless trials were dropped. Compared
 * with a baseline, a second run goes on past that look while the comparison is not settled.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';
import type { ResultRecord } from '../src/record/schema.js';
import { meshtax, onlyRecord, tempResultsDir } from './testing/cli.js';

const CONFIG = path.join(projectRoot, 'test', 'fixtures', 'sequential.config.ts');
const COMPARE_CONFIG = path.join(projectRoot, 'test', 'fixtures', 'sequential-compare.config.ts');

describe('a default run stops at a look and says why (short real run)', () => {
  let record: ResultRecord;
  let output: string;
  let recordFile: string;

  beforeAll(async () => {
    const results = await tempResultsDir();
    const run = await meshtax(['bench', '--scenario', 'mtls-strict', '--config', CONFIG, '--budget-us', '10000000', '--max-duration', '2m', '--results-dir', results]);
    output = run.all ?? '';
    record = await onlyRecord(results);
    recordFile = path.join(results, (await readdir(results)).find((f) => f.endsWith('.json'))!);
  });

  it('records the rule, the look it stopped at and why', () => {
    expect(record.state, output).toBe('completed');
    const stopping = record.stopping!;
    expect(stopping).toMatchObject({ confidence: 0.95, looks: [5, 8], maxDurationS: 120 });
    expect(stopping.levels).toHaveLength(1);
    const [level] = stopping.levels;
    expect(['decisive', 'max-rounds']).toContain(level!.reason);
    expect(level!.rounds).toBe(stopping.looks[level!.look - 1]);
    if (level!.reason === 'decisive') expect(level!.verdict).toBe(record.verdict);
    // The trials are the rounds it stopped at, no more.
    expect(record.trials.filter((t) => !t.warmup)).toHaveLength(level!.rounds * 4);
    expect(record.settings.rounds).toBe(level!.rounds);
  });

  it('summarises at the look confidence, and says so in the table and the progress', () => {
    expect(record.stopping!.lookConfidence).toBeCloseTo(0.975, 10);
    expect(record.settings.confidence).toBeCloseTo(0.975, 10);
    expect(output).toMatch(/97\.5% CI µs/);
    expect(output).toMatch(/look 1 of 2 at 5 rounds \(97\.5% intervals\)/);
    expect(output).toMatch(/dedicated 500 rps: stopped at look [12] of 2/);
  });

  it('writes a record that validates against the published JSON Schema', async () => {
    const schema = JSON.parse(await readFile(path.join(projectRoot, 'results', 'schema', 'result.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate(record), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('compared with it as the baseline, a second run measures past a decided first look while the comparison cannot be told yet, and says why', async () => {
    const results = await tempResultsDir();
    const run = await meshtax(['bench', '--scenario', 'mtls-strict', '--config', COMPARE_CONFIG, '--budget-us', '10000000', '--max-duration', '2m', '--results-dir', results, '--baseline', recordFile]);
    const output = run.all ?? '';
    const compared = await onlyRecord(results);
    expect(compared.state, output).toBe('completed');
    // a 1 µs minimum effect and no band: no comparison settles at 5 rounds, whatever the budget verdict
    expect(compared.stopping!.levels[0]!.rounds, output).toBe(8);
    expect(compared.stopping!.rule).toContain(`compared with baseline ${record.runId}, a decided level went on while its comparison was can't-tell`);
    const firstLook = output.split('\n').find((l) => l.includes('look 1 of 2 at 5 rounds'));
    expect(firstLook, output).toBeDefined();
    if (!firstLook!.includes('INCONCLUSIVE')) expect(firstLook).toMatch(/→ on to 8 rounds \(the comparison with the baseline: p(50|90|99) /);
  });
});
