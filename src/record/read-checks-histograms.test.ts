// A record whose histograms do not decode, or decode into counts its trial cannot have, is bad
// input naming the file and the trial — found when it is read, before anything is computed or written.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../errors.js';
import { decodeHistogram, encodeHistogram, newLatencyHistogram, recordUs } from '../stats/histogram.js';
import { FIXTURE_PATH } from '../testing/records.js';
import { parseRecord } from './read.js';

type Json = { trials: Array<{ load: Record<string, unknown> }> };
const fixtureJson = async () => JSON.parse(await readFile(FIXTURE_PATH, 'utf8')) as Json;

function histogramOf(values: number[]): string {
  const h = newLatencyHistogram();
  for (const v of values) recordUs(h, v);
  return encodeHistogram(h);
}

const open = (json: Json) => json.trials.findIndex((t) => t.load.model === 'open');

describe('reading a record checks its histograms', () => {
  const cases: Array<[string, (json: Json, i: number) => void, RegExp]> = [
    ['an empty string', (j, i) => (j.trials[i]!.load.latencyHistogram = ''), /does not decode/],
    ['base64 of the wrong length', (j, i) => (j.trials[i]!.load.latencyHistogram = 'abc'), /does not decode/],
    ['a string of A of the right length', (j, i) => (j.trials[i]!.load.latencyHistogram = 'A'.repeat(String(j.trials[i]!.load.latencyHistogram).length)), /does not decode/],
    ['a damaged tail', (j, i) => (j.trials[i]!.load.latencyHistogram = `${String(j.trials[i]!.load.latencyHistogram).slice(0, -8)}AAAAAAAA`), /does not decode/],
    ['another trial’s histogram (wrong count)', (j, i) => (j.trials[i]!.load.latencyHistogram = histogramOf([100, 200, 300])), /holds 3 latencies but the trial completed/],
    ['a damaged service histogram', (j, i) => (j.trials[i]!.load.serviceHistogram = 'HISTFAAAAxyz='), /load\.serviceHistogram does not decode/],
  ];
  for (const [what, damage, message] of cases) {
    it(`refuses ${what}, naming the file and trial`, async () => {
      const json = await fixtureJson();
      const i = open(json);
      damage(json, i);
      const read = () => parseRecord(JSON.stringify(json), 'results/r.json');
      expect(read).toThrow(BadInputError);
      expect(read).toThrow(new RegExp(`results/r\\.json: trials\\[${i}\\] \\(`));
      expect(read).toThrow(message);
    });
  }

  it('accepts the intact record, whose histograms decode to their trial’s counts', async () => {
    const json = await fixtureJson();
    expect(() => parseRecord(JSON.stringify(json), 'r.json')).not.toThrow();
    const i = open(json);
    expect(decodeHistogram(String(json.trials[i]!.load.latencyHistogram)).totalCount).toBe(json.trials[i]!.load.completed);
  });
});
