import { describe, expect, it } from 'vitest';
import { spinUs } from './cpu-work.js';
import { buildPayload } from './payload.js';

describe('buildPayload', () => {
  it('is exactly the requested size for every size, and JSON naming the version when it fits', () => {
    for (let bytes = 0; bytes <= 64; bytes++) {
      const { body, contentType } = buildPayload('v1', bytes);
      expect(body.length).toBe(bytes);
      if (contentType === 'application/json') expect(JSON.parse(body.toString('utf8'))).toMatchObject({ version: 'v1' });
    }
    expect(buildPayload('v1', 15).contentType).toBe('application/octet-stream');
    expect(buildPayload('v1', 16).body.toString()).toBe('{"version":"v1"}');
    const big = buildPayload('v2', 1024);
    expect(big.body.toString().startsWith('{"version":"v2"')).toBe(true);
    expect(JSON.parse(big.body.toString())).toMatchObject({ version: 'v2' });
  });
});

describe('spinUs', () => {
  it('takes at least the time asked for, and nothing for 0', () => {
    const start = process.hrtime.bigint();
    spinUs(3000);
    expect(Number(process.hrtime.bigint() - start) / 1000).toBeGreaterThanOrEqual(3000);
    const zero = process.hrtime.bigint();
    spinUs(0);
    // No spin for 0: far below the 3 ms above even if the test process is preempted once.
    expect(Number(process.hrtime.bigint() - zero) / 1000).toBeLessThan(2500);
  });
});
