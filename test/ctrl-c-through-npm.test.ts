/**
 * Ctrl-C in a terminal signals the whole foreground process group: npm, its shell, tsx and the
 * harness all get SIGINT (and npm and tsx relay it once more). The harness must take that as one
 * Ctrl-C: clean up, keep what was measured, exit 130 — not die half-way on a "second" signal.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';
import { leftoverRunDirs, MARK_VAR, onlyRecord, processesWithMark, runLeftovers, tempResultsDir, waitForOutput } from './testing/cli.js';

/** 20 trials of 0.3 s: interrupted after the 10th, with 10 still to run. */
const SHORT = path.join(projectRoot, 'test', 'fixtures', 'short.config.ts');

describe('Ctrl-C through npm run bench', () => {
  it('reaches the harness once: cleaned up, record partial with the trials measured, exit 130', async () => {
    const mark = randomUUID();
    const results = await tempResultsDir();
    const npm = execa('npm', ['run', 'bench', '--', '--scenario', 'mtls-strict', '--config', SHORT, '--results-dir', results], {
      cwd: projectRoot,
      detached: true, // its own process group, as a terminal's foreground job
      reject: false,
      all: true,
      timeout: 180_000,
      env: { [MARK_VAR]: mark },
    });
    await waitForOutput(npm, (text) => /\[\s*10\/\d+\]/.test(text), 120_000);
    process.kill(-npm.pid!, 'SIGINT');
    const done = await npm;
    expect(done.all).toMatch(/SIGINT: stopping — cleaning up/);
    expect(done.all).not.toMatch(/this is a bug in meshtax/);
    const record = await onlyRecord(results);
    expect(record.state).toBe('partial');
    expect(record.partialReason).toMatch(/Interrupted by SIGINT/);
    expect(record.trials.length).toBeGreaterThanOrEqual(10);
    expect(await processesWithMark(mark)).toEqual([]);
    expect(await leftoverRunDirs(record.runId)).toEqual([]);
    expect(await runLeftovers(record.runId)).toBe('');
    expect(done.exitCode === 130 || done.signal === 'SIGINT', `npm ended with ${done.exitCode ?? done.signal}`).toBe(true);
  });
});
