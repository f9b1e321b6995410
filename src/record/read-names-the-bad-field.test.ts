import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../errors.js';
import { parseRecord, readRecord } from './read.js';
import { FIXTURE_PATH } from '../testing/records.js';

const fixtureJson = async () => JSON.parse(await readFile(FIXTURE_PATH, 'utf8')) as Record<string, unknown> & { trials: Array<{ load: Record<string, unknown> }> };

describe('reading a result file', () => {
  it('returns the record of a valid file', async () => {
    const record = await readRecord(FIXTURE_PATH);
    expect(record.runId).toMatch(/mtls-strict/);
  });

  it('names the field that is wrong', async () => {
    const json = await fixtureJson();
    delete json.trials[3]!.load.latencyHistogram;
    expect(() => parseRecord(JSON.stringify(json), 'r.json')).toThrow(BadInputError);
    expect(() => parseRecord(JSON.stringify(json), 'r.json')).toThrow(/r\.json is not a meshtax result record: trials\[3\]\.load\.latencyHistogram: /);
  });

  it('says when the schema version is not this meshtax’s', async () => {
    const json = { ...(await fixtureJson()), schemaVersion: 99 };
    expect(() => parseRecord(JSON.stringify(json), 'r.json')).toThrow(/schema version 99/);
  });

  it('rejects a file that is not JSON, or not there, as bad input', async () => {
    expect(() => parseRecord('{ nope', 'r.json')).toThrow(/r\.json is not JSON/);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'meshtax-read-'));
    await writeFile(path.join(dir, 'empty.json'), '');
    await expect(readRecord(path.join(dir, 'missing.json'))).rejects.toThrow(BadInputError);
    await expect(readRecord(path.join(dir, 'empty.json'))).rejects.toThrow(/is not JSON/);
  });
});
