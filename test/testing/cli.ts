import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { projectRoot } from '../../src/paths.js';
import { nodeCommand } from '../../src/process/index.js';
import type { ResultRecord } from '../../src/record/schema.js';
import { describeLeftovers, isClean, leftovers } from '../../src/targets/local/leftovers.js';

export const CLI = path.join(projectRoot, 'src', 'cli', 'main.ts');
export const FAST_CONFIG = path.join(projectRoot, 'test', 'fixtures', 'fast.config.ts');

/**
 * The meshtax CLI as a user runs it (node + tsx), never rejecting: tests read exitCode. A bench
 * whose config is a test fixture would put its report beside the fixture (reports resolve against
 * the config's folder): unless the test says otherwise, reports go to the project's reports/.
 */
export function meshtax(args: string[], opts: { mark?: string; timeoutMs?: number; env?: Record<string, string> } = {}) {
  const reports = args[0] === 'bench' && !args.includes('--reports-dir') && !args.includes('--help') ? ['--reports-dir', path.join(projectRoot, 'reports')] : [];
  return execa(process.execPath, nodeCommand(CLI, [...args, ...reports]).args, {
    cwd: projectRoot,
    reject: false,
    timeout: opts.timeoutMs ?? 180_000,
    all: true,
    env: { ...opts.env, ...(opts.mark ? { [MARK_VAR]: opts.mark } : {}) },
  });
}

export async function tempResultsDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'meshtax-results-'));
}

export async function onlyRecord(dir: string): Promise<ResultRecord> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json'));
  if (files.length !== 1) throw new Error(`expected one result in ${dir}, found ${files.join(', ') || 'none'}`);
  return JSON.parse(await readFile(path.join(dir, files[0]!), 'utf8')) as ResultRecord;
}

/** A marker in the environment of a CLI run; every process it starts inherits it. */
export const MARK_VAR = 'MESHTAX_TEST_MARK';

/** Live processes that carry `mark` in their environment (found through /proc/<pid>/environ). */
export async function processesWithMark(mark: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir('/proc')).filter((e) => /^\d+$/.test(e))) {
    const environ = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
    if (!environ.split('\0').includes(`${MARK_VAR}=${mark}`)) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    found.push(`${pid} ${cmdline.split('\0').join(' ')}`);
  }
  return found;
}

/** Leftover state of runs: run folders under .meshtax/runs (keys, configs, sockets). */
export async function leftoverRunDirs(runId: string): Promise<string[]> {
  const dir = path.join(projectRoot, '.meshtax', 'runs');
  const entries = await readdir(dir).catch(() => [] as string[]);
  return entries.filter((e) => e.startsWith(runId));
}

/** Namespaces, veths and cgroups of a run still on the machine, in words ('' when clean). */
export async function runLeftovers(runId: string): Promise<string> {
  const found = await leftovers(runId);
  return isClean(found) ? '' : describeLeftovers(found);
}

/** Waits until `predicate` holds on the output so far. */
export function waitForOutput(child: Pick<ResultPromise, 'stdout' | 'stderr'>, predicate: (text: string) => boolean, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`output never matched within ${timeoutMs} ms:\n${text}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (predicate(text)) {
        clearTimeout(timer);
        resolve(text);
      }
    };
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
  });
}
