/**
 * Nodes that behave like hardware: as root, each node is a network namespace with its own cgroup;
 * shared-core caps the server node with a CFS quota beside a noisy neighbour; probes are recorded
 * per trial; nothing of the run is left afterwards.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';
import type { ResultRecord } from '../src/record/schema.js';
import { meshtax, onlyRecord, runLeftovers, tempResultsDir } from './testing/cli.js';

const isRoot = process.getuid?.() === 0;

describe.skipIf(!isRoot)(`mtls-strict on dedicated and shared-core nodes${isRoot ? '' : ' (skipped: needs root for namespaces and cgroups)'}`, () => {
  let record: ResultRecord;
  let output: string;

  beforeAll(async () => {
    const results = await tempResultsDir();
    const run = await meshtax(['bench', '--scenario', 'mtls-strict', '--profile', 'dedicated,shared-core', '--config', path.join(projectRoot, 'test/fixtures/tiny.config.ts'), '--results-dir', results]);
    output = run.all ?? '';
    record = await onlyRecord(results);
  });

  it('runs each profile inside network namespaces with cgroups (full fidelity)', () => {
    expect(record.profiles.map((p) => p.profile), output).toEqual(['dedicated', 'shared-core']);
    for (const p of record.profiles) expect(p.fidelity.level, p.fidelity.reason).toBe('full');
    expect(record.profiles[0]!.fidelity.reason).toMatch(/namespaces mtx-/);
  });

  it('enforces shared-core with a quota and a neighbour, dedicated without', () => {
    const [dedicated, shared] = record.profiles;
    expect(dedicated!.quotaPct).toBeNull();
    expect(dedicated!.neighbourCpus).toBeNull();
    expect(shared!.quotaPct).toBeGreaterThan(0);
    expect(shared!.neighbourDutyPct).toBeGreaterThan(0);
    const sharedTrial = record.trials.find((t) => t.profile === 'shared-core' && !t.warmup)!;
    const server = sharedTrial.probes!.find((s) => s.name === 'cgroup-server')!;
    expect(server.summary.nrPeriods).toBeGreaterThan(0); // the quota is in force: CFS periods are counted
    const processes = sharedTrial.probes!.find((s) => s.name === 'process-usage')!;
    expect(Object.keys(processes.summary).join(' ')).toMatch(/neighbour-0\.meanMillicores/);
  });

  it('records probes beside every trial and summarizes them per profile', () => {
    const names = record.trials[0]!.probes!.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['cpu-steal', 'cpu-pressure', 'disk-stats', 'fdatasync', 'process-usage', 'cgroup-server']));
    const summary = record.probes.find((p) => p.profile === 'dedicated')!;
    expect(summary.stealPctMean).not.toBeNull();
    expect(summary.sidecarMillicoresPer1000Rps).toBeGreaterThan(0);
    expect(summary.sidecarRssMiB).toBeGreaterThan(5);
    expect(summary.harnessCpuPctOfCore).toBeGreaterThan(0);
    expect(output).toMatch(/Sidecar cost during dedicated: \d+ millicores per 1000 rps/);
  });

  it('leaves no namespace, veth, cgroup or process of the run', async () => {
    expect(await runLeftovers(record.runId)).toBe('');
  });
});
