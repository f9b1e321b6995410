import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../errors.js';
import { compareCapacity } from './capacity/compare.js';
import { writeCapacityComparison } from './capacity/write-compare.js';
import type { ResultRecord } from '../record/schema.js';
import { capacityRecord } from '../testing/capacity-records.js';
import { fixtureRecord } from '../testing/records.js';

/** The same capacity run as if measured on another machine type, with half the capacity. */
function slowerMachine(): ResultRecord {
  const record = capacityRecord();
  const capacity = record.capacity!;
  const profiles = capacity.profiles.map((p) => ({
    ...p,
    maxRateWithinBudgetRps: p.maxRateWithinBudgetRps === null ? null : p.maxRateWithinBudgetRps / 2,
    cost: { ...p.cost, nodeType: 'm5.large', costPerMillionRequests: p.cost.costPerMillionRequests === null ? null : p.cost.costPerMillionRequests * 3 },
  }));
  return { ...record, runId: 'other-run', environment: { ...record.environment, hostname: 'slow-box' }, capacity: { ...capacity, profiles } };
}

describe('capacity results of several machines side by side', () => {
  it('a row per machine and profile, named by node type, and which one to buy', () => {
    const comparison = compareCapacity([
      { file: 'a.json', record: capacityRecord() },
      { file: 'b.json', record: slowerMachine() },
    ]);
    expect(comparison.machines.map((m) => m.label)).toEqual([capacityRecord().environment.hostname, 'm5.large']);
    expect(comparison.entries.map((e) => e.profile)).toEqual([
      `${comparison.machines[0]!.label} · dedicated`,
      `${comparison.machines[0]!.label} · shared-core`,
      'm5.large · dedicated',
      'm5.large · shared-core',
    ]);
    expect(comparison.recommendation).toMatch(/^Buy .* · dedicated: one node carries 1500 rps/);
    expect(comparison.warnings).toEqual([]);
  });

  it('warns when the runs answer different questions', () => {
    const other = slowerMachine();
    const comparison = compareCapacity([
      { file: 'a.json', record: capacityRecord() },
      { file: 'b.json', record: { ...other, capacity: { ...other.capacity!, budgetUs: 1000 } } },
    ]);
    expect(comparison.warnings).toEqual(['The runs differ in budget (2000 µs vs 1000 µs): the capacities answer different questions.']);
  });

  it('refuses a record without a capacity section, saying what to run', () => {
    expect(() => compareCapacity([{ file: 'plain.json', record: fixtureRecord() }])).toThrow(BadInputError);
    expect(() => compareCapacity([{ file: 'plain.json', record: fixtureRecord() }])).toThrow(/plain\.json has no capacity section/);
  });

  it('writes compare-<timestamp>/ with HTML, Markdown and the chart', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'meshtax-compare-'));
    const written = await writeCapacityComparison([{ file: 'a.json', record: capacityRecord() }, { file: 'b.json', record: slowerMachine() }], out, new Date('2026-11-25T10:00:00Z'));
    expect(path.basename(written.dir)).toBe('compare-2026-11-25T10-00-00-000Z');
    expect(written.files.map((f) => path.relative(written.dir, f)).sort()).toEqual(['charts/capacity-compare.png', 'charts/capacity-compare.svg', 'index.html', 'report.md']);
    const html = await readFile(path.join(written.dir, 'index.html'), 'utf8');
    expect(html).toContain('Machine · node profile');
    expect(html).toContain('m5.large · shared-core');
    const md = await readFile(path.join(written.dir, 'report.md'), 'utf8');
    expect(md).toContain('![Capacity: mesh tax against offered load](charts/capacity-compare.png)');
  });
});
