import { describe, expect, it } from 'vitest';
import { fixtureRecord } from '../src/testing/records.js';
import { decodeHistogram, percentileUs } from '../src/stats/histogram.js';
import { shiftMeshLatencies } from './shift-mesh.js';

const meshP = (r: ReturnType<typeof fixtureRecord>, p: number) =>
  r.trials.filter((t) => t.variant === 'mesh').map((t) => percentileUs(decodeHistogram(t.load.latencyHistogram), p));
const baseP = (r: ReturnType<typeof fixtureRecord>, p: number) =>
  r.trials.filter((t) => t.variant === 'baseline').map((t) => percentileUs(decodeHistogram(t.load.latencyHistogram), p));

describe('a known step put into a record (power figures of bench:false-alarms)', () => {
  it('moves every mesh latency by the step and leaves the baseline alone', () => {
    const record = fixtureRecord();
    const shifted = shiftMeshLatencies(record, { addUs: 100, fromQuantile: 0 });
    meshP(shifted, 50).forEach((v, i) => expect(v - meshP(record, 50)[i]!).toBeCloseTo(100, -1));
    expect(baseP(shifted, 50)).toEqual(baseP(record, 50));
  });

  it('a tail step moves p99 but not p50', () => {
    const record = fixtureRecord();
    const shifted = shiftMeshLatencies(record, { addUs: 1000, fromQuantile: 0.985 });
    expect(meshP(shifted, 50)).toEqual(meshP(record, 50));
    meshP(shifted, 99).forEach((v, i) => expect(v - meshP(record, 99)[i]!).toBeGreaterThan(900));
  });
});
