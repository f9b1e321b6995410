/**
 * Sidecars or ambient, end to end with real parts: `mtls-ambient` (dataPlane both) through the
 * CLI — real Envoy sidecars, then real ztunnels (one per node namespace, HBONE between them,
 * iptables capture), the real sample API and load agent. Needs a ztunnel (`npm run setup:ztunnel`
 * builds one; CI's `npm run setup` does); without one the tests are skipped, saying how to build it.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';
import type { ResultRecord } from '../src/record/schema.js';
import { findZtunnel, ZTUNNEL_HOW_TO } from '../src/ztunnel/index.js';
import { leftoverRunDirs, meshtax, onlyRecord, processesWithMark, runLeftovers, tempResultsDir } from './testing/cli.js';

const ztunnel = await findZtunnel().catch(() => undefined);
/** 5 short rounds per pass: the fewest that give each tax its interval, which the reports must show. */
const SHORT = path.join(projectRoot, 'test', 'fixtures', 'short.config.ts');

/** The root namespace's nat rules that redirect to a ztunnel or sidecar port (the run must add none, and leave none). */
async function rootRedirects(): Promise<string[]> {
  const saved = await execa('iptables-save', ['-t', 'nat'], { reject: false, timeout: 10_000 });
  return saved.stdout.split('\n').filter((l) => /--to-ports (15001|15006)\b/.test(l));
}

it.skipIf(ztunnel !== undefined)(`ambient end-to-end tests need ztunnel: ${ZTUNNEL_HOW_TO}`, () => {});

describe.skipIf(ztunnel === undefined)('npm run bench -- --scenario mtls-ambient (short real run, sidecar and ambient passes)', () => {
  const mark = randomUUID();
  let record: ResultRecord;
  let exitCode: number | undefined;
  let output: string;
  let redirectsBefore: string[];
  let reports: string;

  beforeAll(async () => {
    redirectsBefore = await rootRedirects();
    const results = await tempResultsDir();
    reports = await tempResultsDir();
    const run = await meshtax(['bench', '--scenario', 'mtls-ambient', '--quick', '--config', SHORT, '--results-dir', results, '--reports-dir', reports], { mark, timeoutMs: 400_000 });
    exitCode = run.exitCode;
    output = run.all ?? '';
    record = await onlyRecord(results);
  }, 420_000);

  it('finishes with a verdict exit code, both passes in the record, labelled by data plane', () => {
    expect([0, 1], output).toContain(exitCode);
    expect(record.state, output).toBe('completed');
    expect(record.profiles.map((p) => [p.profile, p.dataPlane ?? 'sidecar'])).toEqual([
      ['dedicated', 'sidecar'],
      ['dedicated-ambient', 'ambient'],
    ]);
    expect(record.profiles[1]!.notes.join('\n')).toMatch(/ztunnel .*FAKE_CA/);
  });

  it('measures each pass ABBA against its own baseline, and the ztunnel pair adds latency at the median', () => {
    for (const profile of ['dedicated', 'dedicated-ambient']) {
      const measured = record.trials.filter((t) => t.profile === profile && !t.warmup);
      expect(measured.map((t) => t.variant).slice(0, 4)).toEqual(['baseline', 'mesh', 'mesh', 'baseline']);
      expect(measured).toHaveLength(record.settings.rounds * 4);
    }
    const p50 = record.summary.find((r) => r.profile === 'dedicated-ambient' && r.percentile === 50)!;
    expect(p50.meshUs!).toBeGreaterThan(p50.baselineUs!);
  });

  it('verified the ambient data plane: no-certificate and foreign clients refused at HBONE, the bypass refused (STRICT), identities in the stats', () => {
    const ambient = record.checks.filter((c) => c.name.startsWith('[dedicated-ambient]'));
    expect(record.checks.filter((c) => !c.passed)).toEqual([]);
    const names = ambient.map((c) => c.name).join('\n');
    expect(names).toMatch(/client without a certificate → server ztunnel HBONE/);
    expect(names).toMatch(/foreign CA certificate → server ztunnel HBONE/);
    expect(names).toMatch(/plaintext client on the client node outside the mesh → server app port \(STRICT\)/);
    expect(names).toMatch(/server ztunnel's stats .* show the peer's SPIFFE id/);
    expect(ambient.map((c) => c.detail).join('\n')).toContain('spiffe://cluster.local/ns/default/sa/loadgen');
  });

  it('measures the ztunnels\' CPU and memory and prints the two taxes side by side', () => {
    const probes = record.probes.find((p) => p.profile === 'dedicated-ambient');
    expect(probes?.sidecarMillicoresPer1000Rps ?? 0).toBeGreaterThan(0);
    expect(probes?.sidecarRssMiB ?? 0).toBeGreaterThan(0);
    expect(output).toMatch(/Sidecars or ambient/);
    expect(output).toMatch(/dedicated\s+500\s+p50\s+[+-]\d+/);
  });

  it('the Markdown and HTML reports put the two taxes, their difference with its interval and the two costs side by side', async () => {
    const md = await readFile(path.join(reports, record.runId, 'report.md'), 'utf8');
    expect(md).toContain('### Sidecars or ambient');
    expect(md).toMatch(/\| dedicated \| 500 rps \| p50 \| [+−]\d+ \| \[[+−]\d+, [+−]\d+\] \| [+−]\d+ \| \[[+−]\d+, [+−]\d+\] \| [+−]\d+ \| (\[[+−]\d+, [+−]\d+\] \| (ambient lower|ambient higher|cannot tell)|unknown \| unknown) \|/);
    expect(md).toMatch(/\| dedicated \| \d+ millicores \| \d+ millicores \| [\d.]+ MiB \| [\d.]+ MiB \|/);
    const html = await readFile(path.join(reports, record.runId, 'index.html'), 'utf8');
    expect(html).toContain('<section id="data-planes" aria-label="Sidecars or ambient">');
  });

  it('leaves no process, run folder, namespace, cgroup or iptables rule behind', async () => {
    expect(await processesWithMark(mark)).toEqual([]);
    expect(await leftoverRunDirs(record.runId)).toEqual([]);
    expect(await runLeftovers(record.runId)).toBe('');
    expect(await rootRedirects()).toEqual(redirectsBefore);
    expect(record.cleanup.failures).toEqual([]);
  });
});
