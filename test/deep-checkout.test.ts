/**
 * A checkout as deep as a CI runner's and deeper: every unix socket still fits 108 bytes, so a real
 * scenario runs to its record.
 */
import { readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeCommand } from '../src/process/index.js';
import { onlyRecord, tempResultsDir } from './testing/cli.js';
import { deepCheckout } from './testing/deep-checkout.js';

const socketDirs = async () => new Set((await readdir(os.tmpdir())).filter((e) => e.startsWith('mtx-')));
let checkout: { root: string; top: string } | undefined;

describe('a checkout at a path longer than 120 characters', () => {
  afterAll(async () => {
    if (checkout) await rm(checkout.top, { recursive: true, force: true });
  });

  it('runs mtls-strict --quick to a complete record and leaves no socket folder', async () => {
    checkout = await deepCheckout(150);
    const { root } = checkout;
    expect(root.length).toBeGreaterThan(120);
    const before = await socketDirs();
    const results = await tempResultsDir();
    const cli = nodeCommand(path.join(root, 'src', 'cli', 'main.ts'), ['bench', '--scenario', 'mtls-strict', '--quick', '--config', path.join(root, 'test', 'fixtures', 'tiny.config.ts'), '--results-dir', results]);
    const run = await execa(cli.file, cli.args, { cwd: root, reject: false, all: true, timeout: 180_000 });
    expect(run.exitCode, run.all).not.toBe(2);
    expect(run.exitCode, run.all).not.toBe(3);
    const record = await onlyRecord(results);
    expect(record.state).toBe('completed');
    expect(record.trials.length).toBeGreaterThan(0);
    expect([...(await socketDirs())].filter((d) => !before.has(d))).toEqual([]);
  });
});
