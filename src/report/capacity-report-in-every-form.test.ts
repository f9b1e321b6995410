import { describe, expect, it } from 'vitest';
import { atCapacity } from './capacity/model.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { renderTerminal } from './terminal.js';
import { capacityRecord } from '../testing/capacity-records.js';
import { fixtureRecord } from '../testing/records.js';

const record = capacityRecord();

describe('the capacity report in every form', () => {
  it('terminal: the levels tried per profile, the capacity line and the recommendation', () => {
    const text = renderTerminal(record);
    expect(text).toMatch(/Capacity planning\. A level passes when the 95% CI of the p99 tax lies within the 2 ms budget/);
    // a level survives a dropped trial (retried, judged with the main run's drop rules): the words must not say otherwise
    expect(text).toMatch(/the trials dropped \(still invalid after their retries\) are at most 20% of the level's and do not lean to one side/);
    expect(text).not.toMatch(/every trial is valid/);
    expect(text).toMatch(/Profile dedicated: levels tried\n.*offered rps.*result/);
    expect(text).toMatch(/1500\s+refine\s+1\s+1500\s+.*PASS/);
    expect(text).toMatch(/→ capacity 1500 rps; knee 1500 rps; sidecars 420 millicores per 1000 rps, 39 MiB each; nodes 7 × c6i\.large for 10000 rps; per million requests 0\.0157 USD/);
    expect(text).toMatch(/Recommendation: Buy dedicated: one node carries 1500 rps/);
  });

  it('HTML: the answer first, a row per profile, every level with its result', () => {
    const html = renderHtml(record, [], { vegaScript: '' });
    expect(html.indexOf('id="capacity"')).toBeLessThan(html.indexOf('id="verdict"'));
    expect(html).toContain('<p class="capacity-answer state-capacity">Buy dedicated: one node carries 1500 rps');
    expect(html).toMatch(/<tr class="state-capacity"><th scope="row">shared-core<\/th><td class="tax">250 rps<\/td><td>no knee found<\/td><td>500 rps<\/td>/);
    expect(html).toContain('STOP: invalid trials');
    expect(html).toContain('0.0462 USD');
  });

  it('Markdown: the capacity section with the side-by-side table and the levels in a fold', () => {
    const md = renderMarkdown(record);
    expect(md).toContain('### Capacity');
    expect(md).toMatch(/\| dedicated \| \*\*1500 rps\*\* \| 1500 rps \| 2000 rps \| 420 millicores \| 39 MiB \| 7 × c6i\.large for 10000 rps \| 0\.0157 USD \|/);
    expect(md).toContain('<details><summary>shared-core: 3 levels tried</summary>');
  });

  it('the verdict speaks of the capacity found, not of the levels past it', () => {
    const verdictOf = atCapacity(record);
    expect(new Set(verdictOf.summary.map((r) => `${r.profile} ${r.rateRps}`))).toEqual(new Set(['dedicated 1500', 'shared-core 250']));
    expect(atCapacity(fixtureRecord())).toEqual(fixtureRecord());
  });

  it('a run without a capacity search renders as before', () => {
    const plain = fixtureRecord();
    expect(renderTerminal(plain)).not.toContain('Capacity planning');
    expect(renderMarkdown(plain)).not.toContain('### Capacity');
    expect(renderHtml(plain, [], { vegaScript: '' })).not.toContain('id="capacity"');
  });
});
