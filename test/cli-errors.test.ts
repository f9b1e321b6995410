/** Bad input gets a clear error (exit 2) that says what to do, and starts nothing. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';
import { meshtax } from './testing/cli.js';

describe('bad input', () => {
  it('an unknown scenario lists the real ones', async () => {
    const run = await meshtax(['bench', '--scenario', 'mtls-strikt']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/no scenario named "mtls-strikt"/);
    expect(run.stderr).toMatch(/mtls-strict\s+HTTP\/1\.1/);
  });

  it('an invalid config names the file, the field path and what was expected', async () => {
    const run = await meshtax(['bench', '--scenario', 'mtls-strict', '--config', path.join(projectRoot, 'test/fixtures/invalid.config.ts')]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/invalid\.config\.ts is invalid/);
    expect(run.stderr).toMatch(/budgetUs: .*>0|budgetUs: .*positive|budgetUs: Too small/i);
    expect(run.stderr).toMatch(/timing\.rounds: /);
  });

  it('a missing scenario says how to find one', async () => {
    const run = await meshtax(['bench']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/Which scenario\?/);
    expect(run.stderr).toMatch(/meshtax list/);
  });

  it('an unknown profile or option is refused', async () => {
    expect((await meshtax(['bench', '--scenario', 'mtls-strict', '--profile', 'gold'])).stderr).toMatch(/Unknown profile gold\. The profiles are: dedicated, shared-core/);
    const unknownOption = await meshtax(['bench', '--scenario', 'mtls-strict', '--fast']);
    expect(unknownOption.exitCode).toBe(2);
    expect(unknownOption.stderr).toMatch(/unknown option '--fast'/);
    const typo = await meshtax(['bench', 'mtls-strict', '--quik']);
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toMatch(/Did you mean --quick\?/);
    const command = await meshtax(['bnch']);
    expect(command.exitCode).toBe(2);
    expect(command.stderr).toMatch(/Did you mean bench\?/);
  });

  it('--help teaches: what the tax is, the options and the exit codes', async () => {
    const run = await meshtax(['bench', '--help']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/mesh −\s+baseline/);
    expect(run.stdout).toMatch(/--quick/);
    expect(run.stdout).toMatch(/Exit codes: 0 pass, 1 over budget/);
  });
});
