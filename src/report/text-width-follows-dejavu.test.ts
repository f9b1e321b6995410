import { describe, expect, it } from 'vitest';
import { emWidth, textItemWidth } from './text-width.js';

describe('text widths for charts rendered in Node', () => {
  it('follow the font: narrow letters are narrow, bold is wider', () => {
    expect(emWidth('iiii')).toBeLessThan(emWidth('mmmm') / 2);
    expect(emWidth('Latency (µs)')).toBeCloseTo(6.208, 3);
    expect(textItemWidth({ text: 'p99', fontSize: 10, fontWeight: 'bold' })).toBeGreaterThan(textItemWidth({ text: 'p99', fontSize: 10 }));
    expect(textItemWidth({ text: ['short', 'a longer line'], fontSize: 10 })).toBeCloseTo(emWidth('a longer line') * 10, 6);
  });
});
