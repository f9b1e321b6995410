import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTextFileReader } from './file-reader.js';
import { parseProcStat } from './cpu-steal.js';
import { parseDiskStats } from './disk-stats.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshtax-reader-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createTextFileReader', () => {
  it('reads a file larger than its buffer whole, and re-reads it from the start each time', async () => {
    const path = join(dir, 'big.txt');
    const text = 'x'.repeat(10_000) + '\nend\n';
    await writeFile(path, text);
    const reader = createTextFileReader({ initialBufferBytes: 16 });
    expect(await reader.read(path)).toBe(text);
    await writeFile(path, 'short\n'); // same inode, truncated and rewritten
    expect(await reader.read(path)).toBe('short\n');
    await reader.close();
  });

  it('procfs: every read is fresh kernel text (the counters move)', async () => {
    const reader = createTextFileReader({ shortReadIsEof: true });
    const before = parseProcStat(await reader.read('/proc/stat')).get('cpu');
    await new Promise((resolve) => setTimeout(resolve, 60));
    const after = parseProcStat(await reader.read('/proc/stat')).get('cpu');
    const ticks = (t: typeof before) => (t === undefined ? 0 : Object.values(t).reduce((a, b) => a + b, 0));
    expect(ticks(after)).toBeGreaterThan(ticks(before));
    await reader.close();
  });

  it('multi-record procfs files come out whole (every device of /proc/diskstats)', async () => {
    const reader = createTextFileReader({ initialBufferBytes: 64 });
    const viaReader = [...parseDiskStats(await reader.read('/proc/diskstats')).keys()];
    const viaReadFile = [...parseDiskStats(readFileSync('/proc/diskstats', 'utf8')).keys()];
    expect(viaReader).toEqual(viaReadFile);
    await reader.close();
  });

  it('a missing file rejects with ENOENT each time and leaves nothing open', async () => {
    const reader = createTextFileReader();
    const missing = join(dir, 'nope');
    await expect(reader.read(missing)).rejects.toMatchObject({ code: 'ENOENT' });
    await writeFile(missing, 'now here\n');
    expect(await reader.read(missing)).toBe('now here\n'); // not a cached failure
    await reader.close();
  });

  it('concurrent reads of one path do not interleave', async () => {
    const path = join(dir, 'lines.txt');
    const text = Array.from({ length: 2000 }, (_, i) => `line ${i}`).join('\n');
    await writeFile(path, text);
    const reader = createTextFileReader({ initialBufferBytes: 256 });
    const results = await Promise.all(Array.from({ length: 8 }, () => reader.read(path)));
    for (const r of results) expect(r).toBe(text);
    await reader.close();
  });
});
