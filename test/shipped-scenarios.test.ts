/**
 * Every shipped scenario runs end to end with real Envoy, and its verifications are in the
 * record: mTLS behaviour per PeerAuthentication mode, the canary split, gRPC through the sidecars.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';
import type { ResultRecord } from '../src/record/schema.js';
import { meshtax, onlyRecord, tempResultsDir } from './testing/cli.js';

const TINY = path.join(projectRoot, 'test', 'fixtures', 'tiny.config.ts');

async function run(scenario: string): Promise<{ record: ResultRecord; output: string }> {
  const results = await tempResultsDir();
  const done = await meshtax(['bench', '--scenario', scenario, '--config', TINY, '--results-dir', results]);
  const record = await onlyRecord(results);
  return { record, output: done.all ?? '' };
}

const checkNames = (r: ResultRecord) => r.checks.map((c) => `${c.passed ? 'pass' : 'FAIL'} ${c.name}`);

describe('shipped scenarios, end to end', () => {
  it('plaintext: the sidecars talk without TLS and serve a plaintext client', async () => {
    const { record, output } = await run('plaintext');
    expect(record.state, output).toBe('completed');
    expect(checkNames(record)).toEqual(['pass [dedicated] mTLS DISABLE (v1): plaintext client']);
  });

  it('mtls-permissive: plaintext and mTLS are both served, a foreign CA is not', async () => {
    const { record } = await run('mtls-permissive');
    expect(checkNames(record)).toEqual([
      'pass [dedicated] mTLS PERMISSIVE (v1): plaintext client',
      'pass [dedicated] mTLS PERMISSIVE (v1): client with a foreign CA certificate',
      'pass [dedicated] mTLS PERMISSIVE (v1): client with a valid workload certificate',
    ]);
  });

  it('canary-90-10: both versions answer, and the observed split agrees with 90/10 (responses and Envoy counters)', async () => {
    const { record } = await run('canary-90-10');
    const canary = record.checks.filter((c) => c.name.includes('canary'));
    expect(canary).toHaveLength(2);
    expect(canary.every((c) => c.passed), JSON.stringify(canary)).toBe(true);
    const mesh = record.trials.filter((t) => t.variant === 'mesh' && !t.warmup);
    const versions = mesh.reduce<Record<string, number>>((acc, t) => {
      for (const [v, n] of Object.entries(t.load.versionCounts)) acc[v] = (acc[v] ?? 0) + n;
      return acc;
    }, {});
    expect(versions.v2! / (versions.v1! + versions.v2!)).toBeGreaterThan(0.05);
    expect(versions.v2! / (versions.v1! + versions.v2!)).toBeLessThan(0.15);
  });

  it('grpc-unary: gRPC over HTTP/2 through mTLS STRICT sidecars, refused without a valid certificate', async () => {
    const { record } = await run('grpc-unary');
    expect(record.checks.filter((c) => !c.passed)).toEqual([]);
    expect(record.checks).toHaveLength(3);
    const mesh = record.trials.find((t) => t.variant === 'mesh' && !t.warmup)!;
    expect(mesh.load.statusCounts.OK).toBeGreaterThan(0);
    expect(mesh.load.versionCounts.v1).toBe(mesh.load.completed);
  });
});
