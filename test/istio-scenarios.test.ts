/**
 * The Istio-fidelity scenarios end to end, as root with real namespaces, iptables and Envoy:
 * interception really in the path (the bypass refused, the iptables counters moved), the trace
 * collector received spans, access logs were written, RBAC denied what Istio's rules deny — and the
 * run left nothing behind (its namespaces, and the rules with them, are gone).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';
import type { ResultRecord } from '../src/record/schema.js';
import { isRoot } from '../src/targets/local/system.js';
import { isClean, leftovers } from '../src/targets/local/leftovers.js';
import { meshtax, onlyRecord, tempResultsDir } from './testing/cli.js';

// The checks are about the mesh's behaviour, not figures: the shortest fixed run is enough (3 rounds
// of 0.4 s: 1200 mesh requests, so at 1% sampling on both sidecars the tracing check still expects spans).
const TINY = path.join(projectRoot, 'test', 'fixtures', 'tiny.config.ts');

async function run(scenario: string): Promise<{ record: ResultRecord; output: string }> {
  const results = await tempResultsDir();
  const done = await meshtax(['bench', '--scenario', scenario, '--quick', '--config', TINY, '--results-dir', results]);
  return { record: await onlyRecord(results), output: done.all ?? '' };
}

const names = (r: ResultRecord) => r.checks.map((c) => `${c.passed ? 'pass' : 'FAIL'} ${c.name.replace(/^\[[^\]]+\] /, '')}`);
const failed = (r: ResultRecord) => r.checks.filter((c) => !c.passed);
const CAPTURED = 'pass interception: iptables redirect counters moved during the trials (client → 15001, server → 15006)';

describe.skipIf(!isRoot())(`Istio-fidelity scenarios, end to end${isRoot() ? '' : ' (skipped: needs root for namespaces and iptables)'}`, () => {
  it('istio-default: captured traffic, the STRICT bypass closed, counters moved, 2 workers, spans at 1%', async () => {
    const { record, output } = await run('istio-default');
    expect(record.state, output).toBe('completed');
    expect(failed(record), output).toEqual([]);
    expect(names(record)).toEqual(
      expect.arrayContaining([
        'pass interception: plaintext client on the client node outside the mesh → server app port (STRICT)',
        'pass interception: the app side calls the service address with no mesh settings and is served through its sidecar',
        CAPTURED,
        'pass mTLS STRICT (v1): plaintext client',
        'pass telemetry: the Zipkin collector received spans (1% sampling)',
      ]),
    );
    expect(record.envoy.concurrency).toBe(2);
    expect(record.envoy.configuration).toContain('Istio-layout');
    expect(record.profiles[0]?.fidelity.level).toBe('full');
    expect(isClean(await leftovers(record.runId))).toBe(true);
  }, 240_000);

  it('telemetry-full: every request traced to the Zipkin collector, access logs written by both sidecars', async () => {
    const { record, output } = await run('telemetry-full');
    expect(record.state, output).toBe('completed');
    expect(failed(record), output).toEqual([]);
    expect(names(record)).toContain(CAPTURED);
    const telemetry = names(record).filter((n) => n.includes('telemetry:'));
    expect(telemetry).toEqual([
      'pass telemetry: the Zipkin collector received spans (100% sampling)',
      'pass telemetry: access log written (server-v1.access.log)',
      'pass telemetry: access log written (client.access.log)',
    ]);
  }, 240_000);

  it('authz-deny-by-default: GET by the load identity served, everything else 403 from RBAC', async () => {
    const { record, output } = await run('authz-deny-by-default');
    expect(record.state, output).toBe('completed');
    expect(failed(record), output).toEqual([]);
    expect(names(record)).toContain(CAPTURED);
    const authz = record.checks.filter((c) => c.name.includes('authorization:'));
    expect(authz.map((c) => c.detail.split(';')[0])).toEqual(['served (HTTP 200, server: istio-envoy)', 'served (HTTP 403, server: istio-envoy)', 'served (HTTP 403, server: istio-envoy)', 'served (HTTP 403, server: istio-envoy)']);
  }, 240_000);
});
