import { describe, expect, it } from 'vitest';
import { BenchConfigSchema } from '../../config/schema.js';
import { BadInputError } from '../../errors.js';
import { sideBySide, type SideBySide } from './model.js';
import { scenarioRecord } from './testing/scenario-records.js';

const RESAMPLES = 400;
const strict = scenarioRecord('mtls-strict', { seed: 11, taxUs: 260, probes: { dedicated: { sidecarMillicoresPer1000Rps: 310 } } });
const istio = scenarioRecord('istio-default', { seed: 12, taxUs: 420, probes: { dedicated: { sidecarMillicoresPer1000Rps: 450 } } });
const telemetry = scenarioRecord('telemetry-full', { seed: 13, taxUs: 900 });
const three = sideBySide([{ file: 'strict.json', record: strict }, { file: 'istio.json', record: istio }, { file: 'telemetry.json', record: telemetry }], { resamples: RESAMPLES });

const rowsOf = (s: SideBySide, label: string) => s.rows.filter((r) => r.label === label);

describe('meshtax report --side-by-side: the tax of each scenario beside the others', () => {
  it('gives every scenario its verdict-percentile rows with the record’s own tax, CI and verdict', () => {
    expect(three.scenarios.map((e) => e.label)).toEqual(['mtls-strict', 'istio-default', 'telemetry-full']);
    expect(three.percentiles).toEqual([50, 90, 99]);
    for (const [label, record] of [['mtls-strict', strict], ['istio-default', istio], ['telemetry-full', telemetry]] as const) {
      const rows = rowsOf(three, label);
      expect(rows.map((r) => r.percentile)).toEqual([50, 90, 99]);
      for (const row of rows) {
        const own = record.summary.find((r) => r.percentile === row.percentile)!;
        expect([row.taxUs, row.ciUs, row.verdict]).toEqual([own.taxUs, own.ciUs, own.verdict]);
      }
    }
    expect(rowsOf(three, 'mtls-strict')[0]!.sidecarMillicoresPer1000Rps).toBe(310);
    expect(rowsOf(three, 'telemetry-full')[0]!.sidecarMillicoresPer1000Rps).toBeNull();
  });

  it('states each difference to the first with an interval, and reads a real step as higher with the runs’ intervals apart', () => {
    expect(rowsOf(three, 'mtls-strict').every((r) => r.versusFirst === null)).toBe(true);
    for (const [label, stepUs] of [['istio-default', 160], ['telemetry-full', 640]] as const) {
      for (const row of rowsOf(three, label)) {
        const v = row.versusFirst!;
        const first = rowsOf(three, 'mtls-strict').find((r) => r.percentile === row.percentile)!;
        expect(v.changeUs!).toBeCloseTo(row.taxUs! - first.taxUs!, 0);
        expect(Math.abs(v.changeUs! - stepUs)).toBeLessThan(60);
        expect(v.ciUs[0]!).toBeLessThan(v.changeUs!);
        expect(v.ciUs[1]!).toBeGreaterThan(v.changeUs!);
        expect(v.reading).toBe('higher');
        expect(v.intervalsOverlap).toBe(false);
        expect(v.runToRunSdUs).toBeNull();
      }
    }
    expect(three.method).toMatch(/runs are separate/);
  });

  it('cannot tell a run from itself, and names the second copy apart', () => {
    const same = sideBySide([{ file: 'a.json', record: istio }, { file: 'b.json', record: istio }], { resamples: RESAMPLES });
    expect(same.scenarios.map((e) => e.label)).toEqual(['istio-default', 'istio-default #2']);
    for (const row of rowsOf(same, 'istio-default #2')) {
      expect(row.versusFirst).toMatchObject({ changeUs: 0, reading: 'cannot-tell', intervalsOverlap: true });
      expect(row.versusFirst!.ciUs[0]!).toBeLessThan(0);
      expect(row.versusFirst!.ciUs[1]!).toBeGreaterThan(0);
    }
  });

  it('widens the interval by the run-to-run variance when a history gives it', () => {
    const runToRun = () => ({ spreadUs: 150, typicalSeUs: 0, nights: 12 });
    const withHistory = sideBySide([{ file: 'a.json', record: strict }, { file: 'b.json', record: istio }], { resamples: RESAMPLES, runToRun });
    const without = sideBySide([{ file: 'a.json', record: strict }, { file: 'b.json', record: istio }], { resamples: RESAMPLES });
    const width = (s: SideBySide) => s.rows.filter((r) => r.versusFirst).map((r) => r.versusFirst!.ciUs[1]! - r.versusFirst!.ciUs[0]!);
    width(withHistory).forEach((w, i) => expect(w).toBeGreaterThan(width(without)[i]! + 400));
    expect(withHistory.rows.find((r) => r.versusFirst)!.versusFirst!.runToRunSdUs).toBe(150);
  });

  it('reads each scenario’s sidecar set-up from its record: layout, interception, workers, mTLS, telemetry, RBAC', () => {
    const authz = scenarioRecord('authz-deny-by-default', { seed: 14, taxUs: 500 });
    const s = sideBySide([{ file: 'a.json', record: strict }, { file: 'b.json', record: istio }, { file: 'c.json', record: telemetry }, { file: 'd.json', record: authz }], { resamples: 50 });
    const [minimal, standard, full, rbac] = s.scenarios.map((e) => e.sidecars);
    expect(minimal).toEqual({ layout: 'minimal', interception: 'none', concurrency: 1, mtls: 'mTLS STRICT', telemetry: 'no access log, no tracing', authorization: 'no RBAC' });
    expect(standard).toMatchObject({ layout: 'Istio layout', interception: 'iptables (Istio REDIRECT)', concurrency: 2, telemetry: 'no access log, tracing 1% to Zipkin (both sidecars)' });
    expect(full!.telemetry).toBe('access log TEXT (both sidecars), tracing 100% to Zipkin (both sidecars)');
    expect(rbac!.authorization).toMatch(/^RBAC: ALLOW .*\(no rules\)/);
  });

  it('says when interception was asked for but could not be applied (no namespaces): minimal layout, capture NOT applied', () => {
    const fallback = { ...istio, profiles: istio.profiles.map((p) => ({ ...p, fidelity: { level: 'reduced' as const, reason: 'loopback; sidecar.interception "iptables" NOT applied (no node namespaces): …' } })), fidelity: { level: 'reduced' as const, reason: 'loopback' } };
    const s = sideBySide([{ file: 'a.json', record: strict }, { file: 'b.json', record: fallback }], { resamples: 50, allowDifferentEnv: true });
    expect(s.scenarios[1]!.sidecars).toMatchObject({ layout: 'minimal', interception: 'iptables asked, NOT applied (no node namespaces)', concurrency: 2 });
    expect(s.warnings.join('\n')).toMatch(/istio-default ran at reduced fidelity/);
  });

  it('says so when a record’s mesh policy cannot be read back, instead of guessing', () => {
    const bare = { ...strict, scenario: { ...strict.scenario, istioYaml: '' } };
    const s = sideBySide([{ file: 'a.json', record: bare }, { file: 'b.json', record: istio }], { resamples: 50 });
    expect(s.scenarios[0]!.sidecars).toMatchObject({ telemetry: 'unknown', policyUnknown: 'no Istio YAML in the record' });
  });

  it('refuses runs from another Envoy or machine than the first, unless asked, then flags them', () => {
    const other = scenarioRecord('istio-default', { seed: 12, taxUs: 420, envoyVersion: '1.37.0' });
    const inputs = [{ file: 'strict.json', record: strict }, { file: 'other.json', record: other }];
    expect(() => sideBySide(inputs, { resamples: 50 })).toThrow(BadInputError);
    expect(() => sideBySide(inputs, { resamples: 50 })).toThrow(/envoyVersion 1\.37\.0, the first \(strict\.json\) 1\.36\.4/);
    const allowed = sideBySide(inputs, { resamples: 50, allowDifferentEnv: true });
    expect(allowed.warnings.join('\n')).toMatch(/Different environment \(shown because --allow-different-env\): other\.json: envoyVersion/);
  });

  it('gives no difference where the first run has no such load level, and warns of differing settings', () => {
    const at1000 = scenarioRecord('istio-default', { seed: 15, taxUs: 420, ratesRps: [1000], rounds: 6 });
    const s = sideBySide([{ file: 'a.json', record: strict }, { file: 'b.json', record: at1000 }], { resamples: 50 });
    expect(rowsOf(s, 'istio-default').map((r) => r.versusFirst?.reading)).toEqual(['no-match', 'no-match', 'no-match']);
    expect(s.warnings.join('\n')).toMatch(/differ in rounds \(mtls-strict: 8, istio-default: 6\)/);
  });

  it('names a run measured on a disturbed machine, by the noise limits compare uses', () => {
    const busy = scenarioRecord('telemetry-full', { seed: 16, taxUs: 900, probes: { dedicated: { cpuPressurePct: 99, stealPctMean: 0, stealPctMax: 1, throttledPct: null } } });
    const quiet = scenarioRecord('mtls-strict', { seed: 17, taxUs: 260, probes: { dedicated: { cpuPressurePct: 2, stealPctMean: 0, stealPctMax: 1, throttledPct: null } } });
    const noiseLimits = BenchConfigSchema.parse({}).regression;
    const s = sideBySide([{ file: 'a.json', record: quiet }, { file: 'b.json', record: busy }], { resamples: 50, noiseLimits });
    expect(s.warnings.filter((w) => w.includes('disturbed'))).toEqual([expect.stringMatching(/^telemetry-full was measured on a disturbed machine \(dedicated @ 500 rps\): CPU pressure \(PSI some\) 99% > /)]);
    expect(sideBySide([{ file: 'a.json', record: quiet }, { file: 'b.json', record: busy }], { resamples: 50 }).warnings.join('\n')).not.toContain('disturbed');
  });

  it('needs at least two records', () => {
    expect(() => sideBySide([{ file: 'a.json', record: strict }])).toThrow(/at least two result records/);
  });
});
