import { describe, expect, it } from 'vitest';
import { capacityRecord, capacitySection } from '../../testing/capacity-records.js';
import { renderHtml } from '../html.js';
import { capacityState, capacityText, firstOverBudgetText, overallCapacityState } from './words.js';

/** shared-core whose only level had invalid trials (the load generator stalled): no answer from the node. */
function stalledAtStart() {
  const section = capacitySection();
  const shared = section.profiles[1]!;
  const stalled = { ...shared.levels[2]!, rateRps: 250 };
  return { ...shared, levels: [stalled], maxRateWithinBudgetRps: null, firstFailingRps: 250 };
}

describe('a capacity search whose measurement failed', () => {
  it('is its own state: neither a capacity nor "none within budget"', () => {
    const p = stalledAtStart();
    expect(capacityState(p)).toBe('measurement-failed');
    expect(capacityText(p)).toBe('not measured: the measurement failed at 250 rps, not the node');
    expect(firstOverBudgetText(p)).toBe('— (measurement failed at 250 rps)');
    expect(overallCapacityState([p])).toBe('measurement-failed');
  });

  it('a level over budget is the node\'s answer even when a later level was invalid', () => {
    const shared = capacitySection().profiles[1]!; // 250 pass, 500 over budget, 375 invalid
    expect(capacityState({ ...shared, maxRateWithinBudgetRps: null })).toBe('none-within-budget');
    expect(firstOverBudgetText(shared)).toBe('500 rps');
  });

  it('the HTML answer box takes the state\'s colour, not the pass colour', () => {
    const record = capacityRecord();
    const only = stalledAtStart();
    const html = renderHtml({ ...record, capacity: { ...record.capacity!, profiles: [only], recommendation: 'No capacity could be measured.' } }, [], { vegaScript: '' });
    expect(html).toContain('<p class="capacity-answer state-measurement-failed">');
    expect(html).toContain('<tr class="state-measurement-failed">');
    expect(html).toMatch(/\.capacity-answer\.state-measurement-failed \{[^}]*border-left-color: #6b6b6b/);
  });
});
