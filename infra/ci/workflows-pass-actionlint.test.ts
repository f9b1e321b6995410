/**
 * The CI that users copy must be valid: the nightly workflow passes actionlint (with shellcheck on
 * its scripts) laid out as in a user's repository (.github/workflows/ + the action at `./`), so
 * inputs are checked against action.yml; the action's own scripts pass shellcheck.
 */
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { localStateDir, projectRoot } from '../../src/paths.js';

const ACTIONLINT = path.join(localStateDir, 'tools', 'actionlint');
const hasShellcheck = (await execa('sh', ['-c', 'command -v shellcheck'], { reject: false })).exitCode === 0;

describe('CI files', () => {
  it.skipIf(!existsSync(ACTIONLINT))('the nightly workflow passes actionlint against the action it uses (npm run setup installs actionlint)', async () => {
    const repo = await mkdtemp(path.join(os.tmpdir(), 'meshtax-actionlint-'));
    await mkdir(path.join(repo, '.github', 'workflows'), { recursive: true });
    await copyFile(path.join(projectRoot, 'infra', 'ci', 'nightly.yml'), path.join(repo, '.github', 'workflows', 'meshtax-nightly.yml'));
    await copyFile(path.join(projectRoot, 'action.yml'), path.join(repo, 'action.yml'));
    await execa('git', ['init', '-q', repo]);
    const result = await execa(ACTIONLINT, ['-color=false'], { cwd: repo, reject: false, timeout: 60_000 });
    expect(result.stdout, result.stdout).toBe('');
    expect(result.exitCode).toBe(0);
    // …and it would catch a wrong input name.
    const workflow = path.join(repo, '.github', 'workflows', 'meshtax-nightly.yml');
    await writeFile(workflow, (await readFile(workflow, 'utf8')).replace('history-branch:', 'history-brnch:'));
    expect((await execa(ACTIONLINT, ['-color=false'], { cwd: repo, reject: false, timeout: 60_000 })).exitCode).toBe(1);
  });

  it.skipIf(!hasShellcheck)("the action's shell steps pass shellcheck", async () => {
    const action = parse(await readFile(path.join(projectRoot, 'action.yml'), 'utf8')) as { runs: { steps: Array<{ name?: string; run?: string; shell?: string }> } };
    const dir = await mkdtemp(path.join(os.tmpdir(), 'meshtax-shellcheck-'));
    const scripts = action.runs.steps.filter((s) => s.run !== undefined);
    expect(scripts.length).toBeGreaterThan(3);
    for (const [i, step] of scripts.entries()) {
      expect(step.shell, step.name).toBe('bash');
      // Expressions are substituted by Actions before bash sees the script: stand in a word.
      const body = step.run!.replace(/\$\{\{[^}]*\}\}/g, 'EXPR');
      const file = path.join(dir, `step-${i}.sh`);
      await writeFile(file, `#!/usr/bin/env bash\n${body}`);
      const result = await execa('shellcheck', ['-S', 'warning', file], { reject: false, timeout: 30_000 });
      expect(result.stdout, `${step.name}:\n${result.stdout}`).toBe('');
    }
  });
});
