import { describe, expect, it } from 'vitest';
import { fabricateRecord } from '../testing/fabricate-record.js';
import { levelKey, levelOf, measuredTrials } from './trial-samples.js';

// A record with two profiles at two rates: a level's measured trials are its own, warm-up left out.
const record = fabricateRecord({ seed: 97, rounds: 2, samplesPerTrial: 50, profiles: ['dedicated', 'shared-core'], ratesRps: [500, 1000] });

describe('a level', () => {
  it('has a key that tells every field apart', () => {
    const keys = new Set([
      levelKey({ profile: 'dedicated', rateRps: 500, newConnectionEvery: 0 }),
      levelKey({ profile: 'shared-core', rateRps: 500, newConnectionEvery: 0 }),
      levelKey({ profile: 'dedicated', rateRps: 1000, newConnectionEvery: 0 }),
      levelKey({ profile: 'dedicated', rateRps: 500, newConnectionEvery: 10 }),
    ]);
    expect(keys.size).toBe(4);
    const row = { profile: 'p', rateRps: 1, newConnectionEvery: 2, percentile: 50 };
    expect(levelOf(row)).toEqual({ profile: 'p', rateRps: 1, newConnectionEvery: 2 });
  });

  it('has as measured trials its own rounds’ trials only, without the warm-up', () => {
    const level = { profile: 'shared-core', rateRps: 1000, newConnectionEvery: 0 };
    const trials = measuredTrials(record, level);
    expect(trials).toHaveLength(8);
    expect(trials.every((t) => t.profile === 'shared-core' && t.rateRps === 1000 && !t.warmup)).toBe(true);
    expect(record.trials.filter((t) => t.profile === 'shared-core' && t.rateRps === 1000)).toHaveLength(10);
  });
});
