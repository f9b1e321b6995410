/**
 * A default run stops when it knows (issue 13 §3), end to end with real parts (Envoy sidecars,
 * the sample API, the load agent), through the CLI: looks at 5 and 8 rounds; with a budget no tax
 * can reach, every verdict percentile PASSes at the first look unless trials were dropped.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';
import type { ResultRecord } from '../src/record/schema.js';
import { meshtax, onlyRecord, tempResultsDir } from './testing/cli.js';

const CONFIG = path.join(projectRoot, 'test', 'fixtures', 'sequential.config.ts');

describe('a default run stops at a look and says why (short real run)', () => {
  let record: ResultRecord;
  let output: string;

  beforeAll(async () => {
    const results = await tempResultsDir();
    const run = await meshtax(['bench', '--scenario', 'mtls-strict', '--config', CONFIG, '--budget-us', '10000000', '--max-duration', '2m', '--results-dir', results]);
    output = run.all ?? '';
    record = await onlyRecord(results);
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
});
