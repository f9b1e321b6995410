import { describe, expect, it } from 'vitest';
import { BenchConfigSchema, CapacitySearchSchema } from '../config/schema.js';
import type { CapacityLevel, ProfileProbeSummary } from '../record/schema.js';
import { buildCapacityReport, type CapacityPass, type CapacityTrace } from './capacity.js';

const config = BenchConfigSchema.parse({ prices: { 'c6i.large': { perHour: 0.085, currency: 'USD' } }, capacity: { nodeTypes: { dedicated: 'c6i.large' }, targetRps: 10_000 } });
const search = CapacitySearchSchema.parse({});

function level(rateRps: number, passed: boolean): CapacityLevel {
  return {
    rateRps, phase: 'ramp', baselineAchievedRps: rateRps, meshAchievedRps: rateRps, baselineUs: 500, meshUs: passed ? 1500 : 4000, taxUs: passed ? 1000 : 3500,
    ciUs: passed ? [800, 1400] : [2600, 4400], trialSeconds: 1, errorPct: 0, validTrials: 20, invalidTrials: 0, valid: true,
    outcome: passed ? 'pass' : 'over-budget', passed, reason: passed ? 'p99 tax CI within the 2 ms budget' : 'p99 tax CI [+2.6 ms, +4.4 ms] entirely above the 2 ms budget',
  };
}

const trace = (profile: string, lastPassRps: number, firstFailRps: number): CapacityTrace => ({
  profile, levels: [level(lastPassRps, true), level(firstFailRps, false)], stop: 'refined', lastPassRps, firstFailRps,
});

const probes = (profile: string, millicores: number, rssMiB: number): ProfileProbeSummary => ({
  profile, stealPctMean: null, stealPctMax: null, cpuPressurePct: null, throttledPct: null, throttledMs: null, diskAwaitP99Ms: null, fdatasyncP99Ms: null,
  sidecarMillicoresPer1000Rps: millicores, sidecarRssMiB: rssMiB, appMillicoresPer1000Rps: null, harnessCpuPctOfCore: null,
});

const PASSES: CapacityPass[] = [
  { label: 'dedicated', profile: 'dedicated', dataPlane: 'sidecar' },
  { label: 'dedicated-ambient', profile: 'dedicated', dataPlane: 'ambient' },
];

describe('a capacity search per data plane (dataPlane: both)', () => {
  const report = buildCapacityReport([trace('dedicated', 500, 1000), trace('dedicated-ambient', 2000, 4000)], search, config, [probes('dedicated', 760, 60), probes('dedicated-ambient', 280, 15)], PASSES);

  it('prices the ambient search as its node profile and names each search’s data plane and proxies', () => {
    const ambient = report.profiles.find((p) => p.profile === 'dedicated-ambient')!;
    expect(ambient).toMatchObject({ nodeProfile: 'dedicated', dataPlane: 'ambient', cost: { nodeType: 'c6i.large', nodesNeeded: 5 } });
    expect(ambient.recommendation).toMatch(/^A dedicated node with ambient \(ztunnels\) carries 2000 rps/);
    expect(ambient.recommendation).toContain('The client and server ztunnels cost 280 millicores per 1000 rps');
    expect(report.profiles[0]!.recommendation).toMatch(/^A dedicated node with sidecars carries 500 rps/);
  });

  it('puts the two searches of the node profile side by side, and answers with that', () => {
    expect(report.dataPlanes).toEqual([expect.objectContaining({ profile: 'dedicated', sidecar: 'dedicated', ambient: 'dedicated-ambient', reading: 'ambient-more', capacityRatio: 4 })]);
    expect(report.recommendation).toBe(report.dataPlanes![0]!.recommendation);
    expect(report.recommendation).not.toMatch(/^Buy/);
  });

  it('a scenario that chose no data plane keeps the report as it was', () => {
    const plain = buildCapacityReport([trace('dedicated', 500, 1000)], search, config, [probes('dedicated', 760, 60)]);
    expect(plain.dataPlanes).toBeUndefined();
    expect(plain.profiles[0]).not.toHaveProperty('dataPlane');
    expect(plain.profiles[0]!.recommendation).toMatch(/^A dedicated node carries 500 rps/);
  });
});
