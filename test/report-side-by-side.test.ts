/**
 * `meshtax report --side-by-side` as a user runs it (the real CLI process): the table on stdout,
 * the folder written, exit 0; runs from another Envoy refused with exit 2.
 */
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResultRecord } from '../src/record/schema.js';
import { scenarioRecord } from '../src/report/side-by-side/testing/scenario-records.js';
import { meshtax } from './testing/cli.js';

async function recordFiles(records: readonly ResultRecord[]): Promise<string[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'meshtax-side-by-side-e2e-'));
  return Promise.all(records.map(async (record, i) => {
    const file = path.join(dir, `${i}-${record.scenario.name}.json`);
    await writeFile(file, JSON.stringify(record));
    return file;
  }));
}

describe('meshtax report --side-by-side (the CLI process)', () => {
  it('prints one table of the scenarios and writes index.html and report.md; refuses another Envoy with exit 2', async () => {
    const files = await recordFiles([
      scenarioRecord('mtls-strict', { seed: 41, taxUs: 260 }),
      scenarioRecord('istio-default', { seed: 42, taxUs: 700 }),
      scenarioRecord('telemetry-full', { seed: 43, taxUs: 1500 }),
    ]);
    const out = await mkdtemp(path.join(os.tmpdir(), 'meshtax-side-by-side-e2e-out-'));
    const run = await meshtax(['report', '--side-by-side', ...files, '--out', out, '--results-dir', out]);
    expect(run.exitCode, run.all).toBe(0);
    expect(run.stdout).toMatch(/meshtax side by side — mtls-strict vs istio-default vs telemetry-full/);
    expect(run.stdout).toMatch(/telemetry-full\s+Istio, iptables, 2 workers, access log, trace 100%\s+p50\s+\+\d+ \[[^\]]+\]\s+\w+\s+\+\d+ \[\+\d+, \+\d+\] higher/);
    const [folder] = await readdir(out);
    expect((await readdir(path.join(out, folder!))).sort()).toEqual(['index.html', 'report.md']);

    const [first] = files;
    const [otherEnvoy] = await recordFiles([scenarioRecord('istio-default', { seed: 44, envoyVersion: '1.99.0' })]);
    const refused = await meshtax(['report', '--side-by-side', first!, otherEnvoy!, '--out', out]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/different environments[\s\S]*envoyVersion 1\.99\.0[\s\S]*--allow-different-env/);
  }, 60_000);
});
