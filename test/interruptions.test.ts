/**
 * Ctrl-C and a crashed child: every process and key file the run created is gone, and what was
 * measured before is kept in the record, marked partial.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';
import { leftoverRunDirs, meshtax, onlyRecord, processesWithMark, runLeftovers, tempResultsDir, waitForOutput } from './testing/cli.js';

/** 20 trials of 0.3 s: interrupted after the 10th, with 10 still to run. */
const SHORT = path.join(projectRoot, 'test', 'fixtures', 'short.config.ts');

/** Progress prints "[n/N]" per trial (every 10th when not a TTY): wait until some were measured. */
const measuredSome = (text: string) => /\[\s*10\/\d+\]/.test(text);

async function envoyPids(mark: string, name: string): Promise<number[]> {
  return (await processesWithMark(mark)).filter((line) => line.includes(`${name}.json`)).map((line) => Number(line.split(' ')[0]));
}

describe('an interrupted run', () => {
  it('on Ctrl-C (SIGINT) cleans up, keeps the trials measured so far, marks the record partial, exits 130', async () => {
    const mark = randomUUID();
    const results = await tempResultsDir();
    const run = meshtax(['bench', '--scenario', 'mtls-strict', '--config', SHORT, '--results-dir', results], { mark });
    await waitForOutput(run, measuredSome, 120_000);
    run.kill('SIGINT');
    const done = await run;
    expect(done.exitCode, done.all).toBe(130);
    expect(done.all).toMatch(/Interrupted by SIGINT/);
    const record = await onlyRecord(results);
    expect(record.state).toBe('partial');
    expect(record.partialReason).toMatch(/SIGINT/);
    expect(record.trials.length).toBeGreaterThanOrEqual(10);
    expect(await processesWithMark(mark)).toEqual([]);
    expect(await leftoverRunDirs(record.runId)).toEqual([]);
    expect(await runLeftovers(record.runId)).toBe('');
  });

  it('when the client Envoy is killed (kill -9) mid-run, says so, cleans up and keeps what was measured, exits 3', async () => {
    const mark = randomUUID();
    const results = await tempResultsDir();
    const run = meshtax(['bench', '--scenario', 'mtls-strict', '--config', SHORT, '--results-dir', results], { mark });
    await waitForOutput(run, measuredSome, 120_000);
    const [pid] = await envoyPids(mark, 'client');
    expect(pid).toBeGreaterThan(0);
    process.kill(pid!, 'SIGKILL');
    const done = await run;
    expect(done.exitCode, done.all).toBe(3);
    expect(done.all).toMatch(/Envoy client \(pid \d+\) was killed by SIGKILL mid-run/);
    const record = await onlyRecord(results);
    expect(record.state).toBe('partial');
    expect(record.partialReason).toMatch(/Envoy client/);
    expect(record.trials.length).toBeGreaterThanOrEqual(10);
    expect(await processesWithMark(mark)).toEqual([]);
    expect(await leftoverRunDirs(record.runId)).toEqual([]);
    expect(await runLeftovers(record.runId)).toBe('');
  });
});
