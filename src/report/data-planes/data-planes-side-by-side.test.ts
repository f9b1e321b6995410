import { describe, expect, it } from 'vitest';
import { multiLevelRecord } from '../../testing/records.js';
import { dataPlaneComparison } from './model.js';
import { dataPlaneTerminalLines } from './terminal.js';
import { renderTerminal } from '../terminal.js';
import { verdictStatement } from '../words.js';

/** A `dataPlane: both` run: the sidecar pass `dedicated`, the ambient pass `dedicated-ambient`. */
function bothPasses() {
  const record = multiLevelRecord(['dedicated', 'dedicated-ambient'], [500]);
  return {
    ...record,
    profiles: record.profiles.map((p) => (p.profile.endsWith('-ambient') ? { ...p, dataPlane: 'ambient' as const } : p)),
    summary: record.summary.map((r) => (r.profile.endsWith('-ambient') ? { ...r, taxUs: 200, ciUs: [150, 260] as [number, number] } : { ...r, taxUs: 500, ciUs: [420, 610] as [number, number] })),
    probes: record.probes.map((p) => ({ ...p, sidecarMillicoresPer1000Rps: p.profile.endsWith('-ambient') ? 60 : 200, sidecarRssMiB: p.profile.endsWith('-ambient') ? 12 : 40 })),
  };
}

describe('sidecars or ambient, side by side', () => {
  it('pairs each ambient row with the sidecar row of the same profile, level and percentile', () => {
    const comparison = dataPlaneComparison(bothPasses())!;
    expect(comparison.rows.length).toBeGreaterThan(0);
    for (const row of comparison.rows) {
      expect(row).toMatchObject({ profile: 'dedicated', rateRps: 500, sidecar: { taxUs: 500, ciUs: [420, 610] }, ambient: { taxUs: 200, ciUs: [150, 260] }, differenceUs: -300 });
    }
    expect(comparison.costs).toEqual([{ profile: 'dedicated', sidecarMillicoresPer1000Rps: 200, ztunnelMillicoresPer1000Rps: 60, sidecarRssMiB: 40, ztunnelRssMiB: 12 }]);
  });

  it('shows nothing for a run without an ambient pass', () => {
    const record = multiLevelRecord(['dedicated'], [500]);
    expect(dataPlaneComparison(record)).toBeUndefined();
    expect(dataPlaneTerminalLines(record, () => 'table')).toEqual([]);
  });

  it('puts the table in the terminal report', () => {
    const text = renderTerminal(bothPasses());
    expect(text).toContain('Sidecars or ambient');
    expect(text).toMatch(/dedicated\s+500\s+p50\s+\+500\s+\[\+420, \+610\]\s+\+200\s+\[\+150, \+260\]\s+-300/);
    expect(text).toContain('ztunnel cost during dedicated-ambient');
  });
});

describe('the verdict in words names what carried the mesh', () => {
  it('says sidecars and ztunnels, and costs each pass by its proxies', () => {
    const s = verdictStatement(bothPasses());
    expect(s.headline).toMatch(/the sidecars and ztunnels/);
    expect(s.costs).toEqual([expect.stringMatching(/^On dedicated nodes the client and server sidecars used 200 millicores/), expect.stringMatching(/^On dedicated nodes with ambient the client and server ztunnels used 60 millicores/)]);
  });
});
