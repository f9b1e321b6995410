import { describe, expect, it } from 'vitest';
import type { ResultRecord } from '../record/schema.js';
import { fixtureRecord } from '../testing/records.js';
import { renderMarkdown } from './markdown.js';
import { renderTerminal } from './terminal.js';
import { levelNotes, verdictStatement } from './words.js';

// Issue 12 §5: a verdict box said the p99 tax lies between +872 µs and +9.84 ms and, next to it,
// that it "cannot be told from zero" (noise floor ±2.25 ms). Both cannot be true; the range wins.
/** Every row of the fixture with this range and flags (its p99 with a +1.8 ms tax, floor ±2.25 ms). */
const withRows = (ciUs: [number, number], flags: string[]): ResultRecord => {
  const base = fixtureRecord();
  return { ...base, summary: base.summary.map((r) => ({ ...r, ciUs, flags, ...(r.percentile === 99 ? { taxUs: 1800, noiseFloorUs: 2250 } : {}) })) };
};
const everyForm = (record: ResultRecord): string[] => [
  renderTerminal(record),
  renderMarkdown(record),
  ...verdictStatement(record).reasons,
  ...levelNotes(record.summary),
];

describe('the noise floor in words', () => {
  it('never calls a range clear of zero indistinguishable from zero, even when the record carries the flag', () => {
    const record = withRows([872, 9838], ['tax-below-noise-floor']);
    for (const text of everyForm(record)) expect(text).not.toMatch(/cannot be told from zero/);
    expect(verdictStatement(record).reasons.find((x) => x.includes('p99'))).toContain('between 872 µs and 9.84 ms');
  });

  it('says it when the range holds zero and the flag is set', () => {
    const record = withRows([-400, 4000], ['tax-below-noise-floor']);
    expect(verdictStatement(record).reasons.find((x) => x.includes('p99'))).toMatch(/its range holds zero: it cannot be told from zero/);
    expect(renderTerminal(record)).toMatch(/p99: the tax is below the noise floor \(cannot be told from zero\)/);
    expect(levelNotes(record.summary).join('\n')).toMatch(/p99: the tax is below the noise floor/);
  });
});
