/**
 * A harness killed outright (kill -9) cannot clean up; the next run does: it removes the dead
 * run's processes, namespaces, cgroups and key folder, and says so.
 */
import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';
import { readRecord } from '../src/record/index.js';
import { meshtax, processesWithMark, runLeftovers, tempResultsDir, waitForOutput } from './testing/cli.js';

const RUNS = path.join(projectRoot, '.meshtax', 'runs');
const TINY = path.join(projectRoot, 'test', 'fixtures', 'tiny.config.ts');
/** 20 trials of 0.3 s: killed after the 10th, with 10 still to run. */
const SHORT = path.join(projectRoot, 'test', 'fixtures', 'short.config.ts');
const runFolders = async () => readdir(RUNS).catch(() => [] as string[]);

describe('after a harness killed with kill -9', () => {
  it('keeps every trial measured before it in the record, and the next run removes everything the dead run left and says so', async () => {
    const before = new Set(await runFolders());
    const mark = randomUUID();
    const results = await tempResultsDir();
    const dead = meshtax(['bench', '--scenario', 'mtls-strict', '--config', SHORT, '--results-dir', results], { mark });
    await waitForOutput(dead, (text) => /\[\s*10\/\d+\]/.test(text), 120_000);
    dead.kill('SIGKILL');
    await dead;
    const kept = await readRecord(path.join(results, (await readdir(results)).find((f) => f.endsWith('.json'))!));
    expect(kept.state).toBe('partial');
    expect(kept.partialReason).toMatch(/still in progress/);
    expect(kept.trials.length).toBeGreaterThanOrEqual(9); // killed right after trial 10 was announced: at most that one lost
    const folder = (await runFolders()).find((f) => !before.has(f));
    expect(folder, 'the dead run left its folder').toBeDefined();
    const runId = folder!.slice(0, folder!.lastIndexOf('-'));
    expect((await processesWithMark(mark)).length).toBeGreaterThan(0); // its Envoys, app and load agent outlived it

    const next = await meshtax(['bench', '--scenario', 'mtls-strict', '--config', TINY, '--results-dir', await tempResultsDir()]);
    expect(next.all).toMatch(new RegExp(`Cleaned up after an earlier run that was killed outright: ${runId}`));
    await sleep(500);
    expect(await processesWithMark(mark)).toEqual([]);
    expect(await runLeftovers(runId)).toBe('');
    expect(await runFolders()).not.toContain(folder);
  });
});
