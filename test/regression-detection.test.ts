/**
 * A real, injected regression is flagged by `compare`: two real runs of mtls-strict, the second
 * with a 1 ms fault delay in the client sidecar, otherwise identical.
 */
import path from 'node:path';
import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';
import { meshtax, tempResultsDir } from './testing/cli.js';

const CONFIG = path.join(projectRoot, 'test', 'fixtures', 'regression.config.ts');

async function runInto(scenario: string): Promise<string> {
  const dir = await tempResultsDir();
  const run = await meshtax(['bench', '--scenario', scenario, '--config', CONFIG, '--results-dir', dir]);
  const [file] = (await readdir(dir)).filter((f) => f.endsWith('.json'));
  if (!file) throw new Error(`no result from ${scenario}:\n${run.all}`);
  return path.join(dir, file);
}

describe('compare on real runs', () => {
  it('flags a 1 ms fault delay injected in the sidecar path as a regression (exit 1, JUnit failure)', async () => {
    const before = await runInto('mtls-strict');
    const after = await runInto(path.join(projectRoot, 'test', 'fixtures', 'mtls-strict-regressed.ts'));
    const junit = path.join(await tempResultsDir(), 'compare.xml');
    // The two compares only read the records: side by side, they take the time of one.
    const [compared, asJson] = await Promise.all([meshtax(['compare', before, after, '--junit', junit, '--config', CONFIG]), meshtax(['compare', before, after, '--json', '--config', CONFIG])]);
    expect(compared.exitCode, compared.all).toBe(1);
    expect(compared.stdout).toMatch(/regression/i);
    expect(await readFile(junit, 'utf8')).toMatch(/<failure[^>]*>/);
    const json = JSON.parse(asJson.stdout) as { rows: Array<{ percentile: number; verdict: string }> };
    expect(json.rows.find((r) => r.percentile === 50)?.verdict).toBe('regression');
  });
});
