/**
 * A real, injected regression is flagged by `compare`: two real runs of mtls-strict, the second
 * with a 1 ms fault delay in the client sidecar, otherwise identical.
 */
import path from 'node:path';
import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';
import { FAST_CONFIG, meshtax, tempResultsDir } from './support.js';

async function runInto(scenario: string): Promise<string> {
  const dir = await tempResultsDir();
  const run = await meshtax(['bench', '--scenario', scenario, '--config', FAST_CONFIG, '--results-dir', dir]);
  const [file] = (await readdir(dir)).filter((f) => f.endsWith('.json'));
  if (!file) throw new Error(`no result from ${scenario}:\n${run.all}`);
  return path.join(dir, file);
}

describe('compare on real runs', () => {
  it('flags a 1 ms fault delay injected in the sidecar path as a regression (exit 1, JUnit failure)', async () => {
    const before = await runInto('mtls-strict');
    const after = await runInto(path.join(projectRoot, 'test', 'fixtures', 'mtls-strict-regressed.ts'));
    const junit = path.join(await tempResultsDir(), 'compare.xml');
    const compared = await meshtax(['compare', before, after, '--junit', junit]);
    expect(compared.exitCode, compared.all).toBe(1);
    expect(compared.stdout).toMatch(/regression/i);
    const json = JSON.parse((await meshtax(['compare', before, after, '--json'])).stdout) as { rows: Array<{ percentile: number; verdict: string }> };
    expect(json.rows.find((r) => r.percentile === 50)?.verdict).toBe('regression');
  });
});
