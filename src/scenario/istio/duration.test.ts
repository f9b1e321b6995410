import { describe, expect, it } from 'vitest';
import { parseDurationMs } from './duration.js';

describe('parseDurationMs (Istio durations)', () => {
  it.each([
    ['1s', 1000],
    ['500ms', 500],
    ['1.5s', 1500],
    ['0.25s', 250],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1500us', 1.5],
    ['0s', 0],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each(['', '1', 's', '1 s', '1sec', '-1s', '1.s', '10x'])('%j is not a duration', (text) => {
    expect(parseDurationMs(text)).toBeUndefined();
  });
});
