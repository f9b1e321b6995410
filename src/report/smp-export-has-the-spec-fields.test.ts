import { describe, expect, it } from 'vitest';
import { SMP_VERSION, toSmp } from './smp.js';
import { fixtureRecord } from '../testing/records.js';

describe('SMP export', () => {
  const record = fixtureRecord();
  const smp = toSmp(record);

  it('has one PerformanceTestResult per load level and deployment', () => {
    expect(smp.results.map((r) => r.labels.deployment)).toEqual(['baseline', 'mesh']);
  });

  it('gives latencies in ms (min, average, p50, p90, p99, max), actual QPS, start and end time, config and env ids', () => {
    for (const r of smp.results) {
      expect(r.smp_version).toBe(SMP_VERSION);
      const l = r.latencies_ms;
      expect(Object.keys(l).sort()).toEqual(['average', 'max', 'min', 'p50', 'p90', 'p99']);
      expect(l.min).toBeLessThanOrEqual(l.p50);
      expect(l.p50).toBeLessThanOrEqual(l.p90);
      expect(l.p90).toBeLessThanOrEqual(l.p99);
      expect(l.p99).toBeLessThanOrEqual(l.max);
      expect(l.p50).toBeLessThan(100); // ms, not µs
      expect(r.actual_QPS).toBeGreaterThan(400);
      expect(Date.parse(r.start_time)).toBeLessThan(Date.parse(r.end_time));
      expect(r.testId).toBe(record.runId);
      expect(r.envId).toBe(smp.environment_config.id);
      expect(r.details_uri).toBe(`results/${record.runId}.json`);
    }
    expect(smp.results.find((r) => r.labels.deployment === 'mesh')!.meshConfigId).toBe(smp.service_mesh_config.id);
  });

  it('describes the mesh, the environment and the test config', () => {
    expect(smp.service_mesh_config.mtls_enabled).toBe(true);
    expect(smp.service_mesh_config.proxy_build).toContain(record.envoy.version);
    expect(smp.service_mesh_config.sidecar).toBeUndefined();
    expect(smp.environment_config.node[0]!.cores).toBe(record.environment.cpu.logicalCores);
    expect(smp.performance_test_config.clients[0]).toMatchObject({ load_generator: 'meshtax', protocol: 'http', rps: 500 });
  });

  it('points to the record for what SMP has no field for', () => {
    expect(smp.meshtax).toMatchObject({ record: `results/${record.runId}.json`, verdict: record.verdict, budget_us: record.budgetUs });
  });
});
