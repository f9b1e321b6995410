import { describe, expect, it } from 'vitest';
import { DEFAULT_REGRESSION } from '../../config/schema.js';
import { compareRecords } from '../../compare/index.js';
import { fabricateRecord } from '../../testing/fabricate-record.js';
import { renderComparisonJunit, xmlEscape } from './junit.js';
import { elements, parseXml } from './testing/xml.js';

const options = { regression: DEFAULT_REGRESSION, permutations: 1000 };
const baseline = fabricateRecord({ seed: 81, samplesPerTrial: 400, ratesRps: [500, 1000] });

describe('JUnit XML of a comparison', () => {
  it('is well-formed, with one testcase per compared row and a failure per regression', () => {
    const current = fabricateRecord({ seed: 82, samplesPerTrial: 400, ratesRps: [500, 1000], extraMeshUs: 120 });
    const c = compareRecords(baseline, current, options);
    const xml = renderComparisonJunit(c);
    const root = parseXml(xml);
    expect(root.name).toBe('testsuites');
    const cases = elements(root, 'testcase');
    expect(cases).toHaveLength(c.rows.length);
    expect(cases).toHaveLength(6);
    const failures = elements(root, 'failure');
    expect(failures).toHaveLength(c.rows.filter((r) => r.verdict === 'regression').length);
    expect(failures).toHaveLength(6);
    expect(root.attributes.failures).toBe('6');
    expect(elements(root, 'testsuite')[0]!.attributes.tests).toBe('6');
    expect(failures[0]!.attributes.message).toMatch(/^REGRESSION: the tax grew by \d+ µs/);
    expect(cases.map((t) => t.attributes.name)).toContain('p99 tax at dedicated @ 1000 rps');
  });

  it('has no failure when nothing regressed, and marks noisy rows skipped', () => {
    // a change below the minimum effect on a disturbed machine: noisy (a clear one would still be judged)
    const current = fabricateRecord({ seed: 83, samplesPerTrial: 400, ratesRps: [500, 1000], extraMeshUs: 20, scheduleLagP99Us: 4000 });
    const root = parseXml(renderComparisonJunit(compareRecords(baseline, current, options)));
    expect(elements(root, 'failure')).toHaveLength(0);
    expect(elements(root, 'skipped')).toHaveLength(6);
    expect(elements(root, 'skipped')[0]!.attributes.message).toMatch(/^noisy: current: load generator lag/);
  });

  it('escapes what XML cannot carry as it is', () => {
    expect(xmlEscape(`a<b & "c" 'd'>\u0001`)).toBe('a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;');
    expect(parseXml(`<x a="${xmlEscape('<&>"')}">${xmlEscape('</x>')}</x>`)).toMatchObject({ attributes: { a: '<&>"' }, text: '</x>' });
  });
});
