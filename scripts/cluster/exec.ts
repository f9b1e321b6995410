/** Short-lived commands of the cluster scripts: execa, always with a timeout, output captured. */
import { execa } from 'execa';

export interface RunOptions {
  readonly timeoutMs?: number;
  readonly env?: Record<string, string>;
  readonly cwd?: string;
  /** Show the command's output as it runs (long steps: apt-get, go build). */
  readonly inherit?: boolean;
  readonly input?: string;
}

/** Runs a command and returns its stdout; throws with the command's stderr when it fails. */
export async function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  const result = await execa(file, args, {
    timeout: options.timeoutMs ?? 60_000,
    reject: false,
    ...(options.env ? { env: options.env } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.input !== undefined ? { input: options.input } : { stdin: 'ignore' as const }),
    ...(options.inherit ? { stdout: 'inherit' as const, stderr: 'inherit' as const } : {}),
  });
  if (result.failed) {
    const why = result.timedOut ? `timed out after ${options.timeoutMs ?? 60_000} ms` : `exited with ${result.exitCode ?? result.signal}`;
    throw new Error(`${file} ${args.join(' ')} ${why}${result.stderr ? `:\n${String(result.stderr).trim().split('\n').slice(-8).join('\n')}` : ''}`);
  }
  return String(result.stdout ?? '');
}

/** Like `run`, but a failure is an answer (false), not an error: for probes and best-effort cleanup. */
export async function succeeds(file: string, args: readonly string[], options: RunOptions = {}): Promise<boolean> {
  return run(file, args, options).then(
    () => true,
    () => false,
  );
}
