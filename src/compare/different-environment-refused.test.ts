import { describe, expect, it } from 'vitest';
import { DEFAULT_REGRESSION } from '../config/schema.js';
import { BadInputError } from '../errors.js';
import { compareRecords } from './compare.js';
import { fingerprint } from './fingerprint.js';
import { DEFAULT_ENVIRONMENT, environmentWith, fabricateRecord } from '../testing/fabricate-record.js';

const options = { regression: DEFAULT_REGRESSION, permutations: 500, resamples: 500 };
const baseline = fabricateRecord({ seed: 41, rounds: 4, samplesPerTrial: 200 });

describe('comparing results from different environments', () => {
  it.each([
    ['CPU model', environmentWith({ model: 'Intel Xeon Platinum 8375C' }), /cpuModel: baseline AMD EPYC, current Intel Xeon Platinum 8375C/],
    ['core count', environmentWith({ logicalCores: 8 }), /cores: baseline 2, current 8/],
    ['kernel', environmentWith({ kernel: '6.1.0-18-amd64' }), /kernel: baseline 6\.18\.44, current 6\.1\.0-18-amd64/],
  ])('is refused when the %s differs', (_, environment, message) => {
    const current = fabricateRecord({ seed: 42, rounds: 4, samplesPerTrial: 200, environment });
    const attempt = () => compareRecords(baseline, current, options);
    expect(attempt).toThrow(BadInputError);
    expect(attempt).toThrow(message);
  });

  it('is refused when the Envoy version differs, and says how to go ahead anyway', () => {
    const current = fabricateRecord({ seed: 43, rounds: 4, samplesPerTrial: 200, envoyVersion: '1.37.0' });
    try {
      compareRecords(baseline, current, options);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(BadInputError);
      expect((error as BadInputError).message).toMatch(/envoyVersion: baseline 1\.36\.4, current 1\.37\.0/);
      expect((error as BadInputError).hint).toMatch(/--allow-different-env/);
      expect((error as BadInputError).exitCode).toBe(2);
    }
  });

  it('goes ahead with allowDifferentEnv and lists the differences', () => {
    const current = fabricateRecord({ seed: 44, rounds: 4, samplesPerTrial: 200, envoyVersion: '1.37.0' });
    const c = compareRecords(baseline, current, { ...options, allowDifferentEnv: true });
    expect(c.environmentDifferences).toEqual([{ field: 'envoyVersion', baseline: '1.36.4', current: '1.37.0' }]);
  });

  it('fingerprints the host inventory, and ignores what does not change the hardware (hostname, collection time)', () => {
    expect(fingerprint({ environment: DEFAULT_ENVIRONMENT })).toEqual({ cpuModel: 'AMD EPYC', cores: 2, kernel: '6.18.44' });
    const renamed = { ...DEFAULT_ENVIRONMENT, hostname: 'ci-2', collectedAt: '2026-02-01T02:00:00.000Z' };
    expect(fingerprint({ environment: renamed })).toEqual(fingerprint({ environment: DEFAULT_ENVIRONMENT }));
  });

  it('never compares two different scenarios', () => {
    const other = fabricateRecord({ seed: 45, rounds: 4, samplesPerTrial: 200, scenario: 'plaintext' });
    expect(() => compareRecords(baseline, other, { ...options, allowDifferentEnv: true })).toThrow(/scenario "plaintext" against a baseline of scenario "mtls-strict"/);
  });
});
