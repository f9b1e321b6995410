/** Runs the short-lived system tools of the node layer (`ip`, `tc`) and reads procfs. */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { EnvironmentError } from '../../errors.js';

const TOOL_TIMEOUT_MS = 10_000;

/** Runs `file args…`, bounded; resolves stdout, or throws an EnvironmentError with its stderr. */
export async function runTool(file: string, args: readonly string[]): Promise<string> {
  const result = await execa(file, args, { reject: false, timeout: TOOL_TIMEOUT_MS, stdin: 'ignore' });
  if (result.exitCode !== 0 || result.failed) {
    const why = (result.stderr || result.shortMessage || `exit code ${result.exitCode}`).trim();
    throw new EnvironmentError(`\`${file} ${args.join(' ')}\` failed: ${why}`);
  }
  return result.stdout;
}

export const isRoot = (): boolean => process.getuid?.() === 0;

/** True while `pid` exists and is not a zombie (an unreaped zombie holds no namespace, CPU or port). */
export function processAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** SIGKILLs `pids` and waits (bounded) until they are gone; returns the ones still there. */
export async function killAndWait(pids: readonly number[], timeoutMs = 3_000): Promise<number[]> {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + timeoutMs;
  let left = pids.filter(processAlive);
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(20);
    left = left.filter(processAlive);
  }
  return left;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The CPUs this process may run on (`Cpus_allowed_list` of /proc/self/status). */
export async function allowedCpuList(): Promise<string> {
  const status = await readFile('/proc/self/status', 'utf8');
  const line = /^Cpus_allowed_list:\s*(\S+)/m.exec(status);
  if (!line?.[1]) throw new Error('no Cpus_allowed_list in /proc/self/status');
  return line[1];
}
