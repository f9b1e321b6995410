// The sweep removes only what dead runs left: a live run's folder, a folder it cannot attribute
// to a run, and a half-written claim are never used to find processes to kill.
import { mkdir, mkdtemp, readdir, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { RUN_ID_ENV } from '../../process/index.js';
import { CLAIM_FILE, claimRunDir, pidsWithRunId, sweepDeadRuns } from './sweep.js';
import { processAlive } from './system.js';

const runsDir = () => mkdtemp(path.join(os.tmpdir(), 'meshtax-sweep-'));
const old = async (dir: string) => utimes(dir, new Date(0), new Date(0));

async function deadPid(): Promise<number> {
  const child = execa('true');
  await child;
  return child.pid!;
}

describe('the sweep of dead runs', () => {
  it('keeps a live run, and kills the processes of a dead one found by the run id in their environment (no root needed)', async () => {
    const runs = await runsDir();
    const live = path.join(runs, '20261124-231502-live-0001-aaaaaa');
    await mkdir(live);
    await claimRunDir(live, '20261124-231502-live-0001', null);
    const liveChild = execa('sleep', ['30'], { env: { [RUN_ID_ENV]: '20261124-231502-live-0001' }, reject: false });

    const deadRun = '20261124-231502-dead-0002';
    const dead = path.join(runs, `${deadRun}-bbbbbb`);
    const socketDir = await mkdtemp(path.join(os.tmpdir(), 'mtx-'));
    await mkdir(dead);
    await writeFile(path.join(dead, CLAIM_FILE), JSON.stringify({ pid: await deadPid(), pidStartTicks: '1', runId: deadRun, socketDir }));
    const orphan = execa('sleep', ['30'], { env: { [RUN_ID_ENV]: deadRun }, reject: false });
    await new Promise((r) => setTimeout(r, 100));
    expect(await pidsWithRunId(deadRun)).toEqual([orphan.pid]);

    const lines = await sweepDeadRuns(runs);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${deadRun}: processes ${orphan.pid}`));
    expect((await orphan).signal).toBe('SIGKILL');
    expect(await readdir(runs)).toEqual([path.basename(live)]);
    expect(await readdir(os.tmpdir())).not.toContain(path.basename(socketDir));
    expect(processAlive(liveChild.pid!)).toBe(true);
    liveChild.kill('SIGKILL');
    await liveChild;
  });

  it('a folder without a dash, or with a torn claim, is only removed when old, and walks no cgroup tree', async () => {
    const runs = await runsDir();
    for (const name of ['nodash', 'torn-claim-cccccc', 'young-dddddd']) await mkdir(path.join(runs, name));
    await writeFile(path.join(runs, 'torn-claim-cccccc', CLAIM_FILE), '{"pid": 1');
    await old(path.join(runs, 'nodash'));
    await old(path.join(runs, 'torn-claim-cccccc'));
    const lines = await sweepDeadRuns(runs);
    expect(lines.sort()).toEqual(['nodash: an unclaimed run folder', 'torn-claim-cccccc: an unclaimed run folder']);
    expect(await readdir(runs)).toEqual(['young-dddddd']);
  });

  it('a live pid whose process started at another time (a reused pid) does not keep a dead run', async () => {
    const runs = await runsDir();
    const dir = path.join(runs, '20261124-231502-reused-0003-eeeeee');
    await mkdir(dir);
    await writeFile(path.join(dir, CLAIM_FILE), JSON.stringify({ pid: process.pid, pidStartTicks: '1', runId: '20261124-231502-reused-0003', socketDir: null }));
    expect(await sweepDeadRuns(runs)).toHaveLength(1);
    expect(await readdir(runs)).toEqual([]);
  });
});
