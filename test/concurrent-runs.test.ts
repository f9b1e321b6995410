/**
 * Two runs on one machine at once (two CI jobs, two terminals) do not disturb each other: each
 * completes with its own record, and each cleans up only what it made.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';
import { leftoverRunDirs, meshtax, onlyRecord, processesWithMark, runLeftovers, tempResultsDir } from './testing/cli.js';

// The shortest fixed run: the two runs still start, deploy, measure and clean up side by side.
const TINY = path.join(projectRoot, 'test', 'fixtures', 'tiny.config.ts');

describe('two runs at once', () => {
  it('both complete with a record, and neither leaves or removes anything of the other', async () => {
    const marks = [randomUUID(), randomUUID()];
    const results = [await tempResultsDir(), await tempResultsDir()];
    const runs = await Promise.all(
      marks.map((mark, i) => meshtax(['bench', '--scenario', 'mtls-strict', '--quick', '--config', TINY, '--results-dir', results[i]!], { mark, timeoutMs: 240_000 })),
    );
    for (const run of runs) expect([0, 1], run.all).toContain(run.exitCode);
    const records = await Promise.all(results.map(onlyRecord));
    expect(records[0]!.runId).not.toBe(records[1]!.runId);
    // Neither took the other for a dead run (older leftovers on this machine may be swept, by run id).
    expect(runs[0]!.all).not.toContain(`Cleaned up after an earlier run that was killed outright: ${records[1]!.runId}`);
    expect(runs[1]!.all).not.toContain(`Cleaned up after an earlier run that was killed outright: ${records[0]!.runId}`);
    for (const record of records) {
      expect(record.state).toBe('completed');
      expect(record.trials.length).toBeGreaterThan(0);
      // A busy machine may push one run to reduced fidelity (a slow `ip netns`), but never because of the other run.
      const other = records.find((r) => r !== record)!;
      expect(record.profiles[0]!.fidelity.reason).not.toContain(other.runId);
      expect(record.profiles[0]!.fidelity.reason).not.toMatch(/already exists|collid/);
      expect(await leftoverRunDirs(record.runId)).toEqual([]);
      expect(await runLeftovers(record.runId)).toBe('');
    }
    for (const mark of marks) expect(await processesWithMark(mark)).toEqual([]);
  });
});
