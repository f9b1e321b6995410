/** Test support: starts a real app process the way a target would, and stops it. Not used by the product. */
import { execa, type Result, type ResultPromise } from 'execa';
import { appCommand, waitForReady, type AppOptions, type AppReady } from '../index.js';

export interface StartedApp {
  readonly ready: AppReady;
  readonly subprocess: ResultPromise<{ reject: false; stdin: 'ignore' }>;
  /** SIGTERM, then the process's result (exit code, stderr). */
  stop(): Promise<Result>;
}

export const DEFAULT_APP_OPTIONS: AppOptions = {
  version: 'v1',
  httpPort: 0,
  grpcPort: 0,
  payloadBytes: 1024,
  cpuWorkUs: 0,
  host: '127.0.0.1',
};

/** Spawns `node --import tsx server.ts …` and waits for READY; kills the child if it never comes. */
export async function startApp(overrides: Partial<AppOptions> = {}): Promise<StartedApp> {
  const { file, args } = appCommand({ ...DEFAULT_APP_OPTIONS, ...overrides });
  const subprocess = execa(file, args, {
    reject: false,
    stdin: 'ignore',
    timeout: 120_000,
    forceKillAfterDelay: 3_000,
    cleanup: true,
  });
  try {
    const ready = await waitForReady(subprocess.stdout, { timeoutMs: 20_000 });
    return {
      ready,
      subprocess,
      stop: async () => {
        subprocess.kill('SIGTERM');
        return subprocess;
      },
    };
  } catch (error) {
    subprocess.kill('SIGKILL');
    const result = await subprocess;
    throw new Error(`app did not start: ${error instanceof Error ? error.message : String(error)}; stderr: ${String(result.stderr)}`);
  }
}

/** True while a process with this pid exists (signal 0 probes without sending anything). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
