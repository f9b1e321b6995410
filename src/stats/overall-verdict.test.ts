import { describe, expect, it } from 'vitest';
import type { Verdict } from './types.js';
import { overallVerdict } from './verdict.js';

const rows = (...verdicts: Verdict[]) => verdicts.map((verdict) => ({ verdict }));

describe('overallVerdict', () => {
  it('fails if any row fails, whatever the others say', () => {
    expect(overallVerdict(rows('PASS', 'INCONCLUSIVE', 'FAIL'))).toBe('FAIL');
  });

  it('is inconclusive if no row fails but one is inconclusive', () => {
    expect(overallVerdict(rows('PASS', 'INCONCLUSIVE', 'PASS'))).toBe('INCONCLUSIVE');
  });

  it('passes only when every row passes', () => {
    expect(overallVerdict(rows('PASS', 'PASS'))).toBe('PASS');
  });

  it('turns inconclusive into fail when asked to', () => {
    expect(overallVerdict(rows('PASS', 'INCONCLUSIVE'), { inconclusiveFails: true })).toBe('FAIL');
    expect(overallVerdict(rows('PASS', 'PASS'), { inconclusiveFails: true })).toBe('PASS');
  });

  it('does not pass when nothing was measured', () => {
    expect(overallVerdict([])).toBe('INCONCLUSIVE');
    expect(overallVerdict([], { inconclusiveFails: true })).toBe('FAIL');
  });
});
