import { describe, expect, it } from 'vitest';
import { ResultRecordSchema, type ResultRecord } from '../record/schema.js';
import { fixtureRecord } from '../testing/records.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { renderTerminal } from './terminal.js';

function stoppedRecord(): ResultRecord {
  const base = fixtureRecord();
  return ResultRecordSchema.parse({
    ...base,
    settings: { ...base.settings, confidence: 0.99, rounds: 14 },
    verdict: 'INCONCLUSIVE',
    stopping: {
      rule: 'r',
      confidence: 0.95,
      lookConfidence: 0.99,
      looks: [8, 14, 20, 28, 40],
      maxDurationS: 300,
      levels: [{ profile: 'dedicated', rateRps: 500, newConnectionEvery: 0, reason: 'max-duration', look: 2, rounds: 14, verdict: 'INCONCLUSIVE', elapsedS: 131.6 }],
    },
  });
}

describe('where and why a run stopped, in every form of the report', () => {
  const record = stoppedRecord();
  const forms = { terminal: renderTerminal(record), markdown: renderMarkdown(record), html: renderHtml(record, [], { vegaScript: '' }) };

  it.each(Object.entries(forms))('%s: the look, the reason, and the intervals at the look confidence', (_, text) => {
    expect(text).toMatch(/looks at 8, 14, 20, 28, 40 rounds/);
    expect(text).toMatch(/intervals are at 99% at each look \(Bonferroni over 5 looks\), so the run keeps its 95% level/);
    expect(text).toMatch(/dedicated 500 rps: stopped at look 2 of 5 \(14 rounds, 132 s\) — undecided, and the next look would have ended after the 300 s cap \(--max-duration\) \(max-duration\)/);
    expect(text).toMatch(/99% CI/);
  });

  it('an undecided run cut by the cap advises more time', () => {
    expect(forms.markdown).toMatch(/More time \(--max-duration\) lets the run reach its later looks/);
  });

  it('a run without the rule says nothing of it', () => {
    const plain = fixtureRecord();
    expect(renderTerminal(plain)).not.toMatch(/stops when it knows/);
    expect(renderMarkdown(plain)).not.toMatch(/stops when it knows/);
  });
});
