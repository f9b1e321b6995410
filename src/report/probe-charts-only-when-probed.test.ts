import { describe, expect, it } from 'vitest';
import { reportCharts } from './charts/index.js';
import { reportProbesFromRecord } from './probes.js';
import { fixtureRecord } from '../testing/records.js';

describe('probe time line and sidecar cost', () => {
  const record = fixtureRecord();

  it('come from the probe series the record keeps per trial', () => {
    const { timeline = [], sidecars = [] } = reportProbesFromRecord(record);
    expect(new Set(timeline.map((p) => p.signal))).toEqual(new Set(['steal-pct', 'cpu-pressure-pct', 'throttled-ms-per-s', 'disk-await-ms', 'fdatasync-ms']));
    expect(sidecars.map((s) => s.sidecar).sort()).toEqual(['envoy-client', 'envoy-server-v1']);
    for (const s of sidecars) {
      expect(s.meanMillicores).toBeGreaterThan(0);
      expect(s.maxRssMiB).toBeGreaterThan(1);
    }
  });

  it('are drawn only when a run has probes', () => {
    const withProbes = reportCharts(record, reportProbesFromRecord(record)).map((c) => c.id);
    expect(withProbes).toEqual(expect.arrayContaining(['probe-timeline', 'sidecar-cost']));
    const bare = { ...record, trials: record.trials.map(({ probes: _probes, ...t }) => t) };
    const without = reportCharts(bare, reportProbesFromRecord(bare)).map((c) => c.id);
    expect(without).not.toContain('probe-timeline');
    expect(without).not.toContain('sidecar-cost');
  });
});
