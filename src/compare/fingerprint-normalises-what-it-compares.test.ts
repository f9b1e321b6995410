import { expect, it } from 'vitest';
import type { ResultRecord } from '../record/schema.js';
import { fabricateRecord } from '../testing/fabricate-record.js';
import { environmentDifferences, fingerprint } from './fingerprint.js';

// The same host written two ways is the same host; a change of fidelity is a difference (mutation survivors).
const record = fabricateRecord({ seed: 1, rounds: 3, samplesPerTrial: 50 });
const withHost = (model: string, kernel: string): Pick<ResultRecord, 'environment'> => ({
  environment: { ...record.environment, cpu: { ...record.environment.cpu, model }, os: { ...record.environment.os, kernel } },
});

it('reads a CPU model and kernel with stray and repeated spaces as the same host', () => {
  expect(fingerprint(withHost('  AMD   EPYC\t7B13 ', ' 6.18.44\n'))).toMatchObject({ cpuModel: 'AMD EPYC 7B13', kernel: '6.18.44' });
});

it('names a change of fidelity (full against reduced) as a difference', () => {
  const loopback = { ...record, fidelity: { ...record.fidelity, level: record.fidelity.level === 'full' ? 'reduced' : 'full' } } as ResultRecord;
  expect(environmentDifferences(record, loopback)).toEqual([{ field: 'fidelity', baseline: record.fidelity.level, current: loopback.fidelity.level }]);
});
