import { describe, expect, it } from 'vitest';
import { verdictFor } from './verdict.js';

const BUDGET_US = 2000;

describe('verdictFor', () => {
  it('passes when the upper end is within budget, exactly at it included', () => {
    expect(verdictFor([100, 1999], BUDGET_US)).toBe('PASS');
    expect(verdictFor([100, 2000], BUDGET_US)).toBe('PASS');
  });

  it('is inconclusive when the interval straddles the budget or its lower end sits exactly on it', () => {
    expect(verdictFor([100, 2000.001], BUDGET_US)).toBe('INCONCLUSIVE');
    expect(verdictFor([2000, 2500], BUDGET_US)).toBe('INCONCLUSIVE');
  });

  it('fails when the lower end is above budget', () => {
    expect(verdictFor([2000.001, 2500], BUDGET_US)).toBe('FAIL');
  });

  it('is inconclusive for an unknown or NaN interval', () => {
    expect(verdictFor([-Infinity, Infinity], BUDGET_US)).toBe('INCONCLUSIVE');
    expect(verdictFor([Number.NaN, Number.NaN], BUDGET_US)).toBe('INCONCLUSIVE');
  });
});
