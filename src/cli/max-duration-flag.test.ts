import { describe, expect, it } from 'vitest';
import { BadInputError } from '../errors.js';
import { durationSeconds } from './command-spec.js';

describe('--max-duration takes seconds or minutes', () => {
  it.each([['300', 300], ['90s', 90], ['5m', 300], ['1.5m', 90], ['2min', 120]])('%s → %d s', (text, seconds) => {
    expect(durationSeconds('max-duration', text)).toBe(seconds);
  });

  it('absent is undefined; anything else is bad input', () => {
    expect(durationSeconds('max-duration', undefined)).toBeUndefined();
    for (const bad of ['', 'soon', '-5', '5h', '0']) expect(() => durationSeconds('max-duration', bad)).toThrow(BadInputError);
  });
});
