/**
 * A load driver pushed past its limit must say so: its trials are invalid, the verdict cannot be
 * PASS or FAIL on them, and the reason is printed — never a flattering number.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';
import { meshtax, onlyRecord, tempResultsDir } from './testing/cli.js';

describe('an overloaded open-loop driver', () => {
  it('marks its trials invalid and the verdict INCONCLUSIVE', async () => {
    const results = await tempResultsDir();
    const fixture = (f: string) => path.join(projectRoot, 'test', 'fixtures', f);
    const run = await meshtax(['bench', '--scenario', fixture('overload.ts'), '--config', fixture('overload.config.ts'), '--results-dir', results]);
    const record = await onlyRecord(results);
    const measured = record.trials.filter((t) => !t.warmup);
    // The lean agent outpaces the app on the direct path; through the sidecars it cannot keep its
    // schedule: those trials are invalid (after their retries), never a number.
    const mesh = measured.filter((t) => t.variant === 'mesh');
    expect(mesh.length).toBeGreaterThan(0);
    expect(mesh.every((t) => !t.valid), run.all).toBe(true);
    expect(mesh.every((t) => (t.retriedAttempts?.length ?? 0) > 0)).toBe(true);
    expect(measured.flatMap((t) => t.invalidReasons).join('\n')).toMatch(/load driver fell behind/);
    expect(record.verdict).toBe('INCONCLUSIVE');
    expect(run.all).toMatch(/! invalid trial: load driver fell behind in \d+ trials/);
  });
});
