import { execa, type ResultPromise } from 'execa';
import { ChildDiedError } from '../errors.js';
import type { RunContext } from './run-context.js';
import { waitForLine } from './wait-for-line.js';

/** How a node wraps a command: e.g. `ip netns exec <ns> …` or `taskset -c 0 …`. */
export type CommandWrapper = (file: string, args: readonly string[]) => { file: string; args: string[] };
export const noWrapper: CommandWrapper = (file, args) => ({ file, args: [...args] });

export interface ChildSpec {
  readonly name: string;
  readonly file: string;
  readonly args: readonly string[];
  readonly wrap?: CommandWrapper;
  readonly env?: Record<string, string>;
  readonly ipc?: boolean;
  /** A pipe to the child's stdin (`child.process.stdin`) instead of none. */
  readonly stdinPipe?: boolean;
}

/** A long-lived child of the run (Envoy, an app, the load agent). */
export interface Child {
  readonly name: string;
  readonly pid: number;
  readonly process: ResultPromise;
  /** The last lines the child wrote to stderr, for error messages. */
  stderrTail(): string;
  /** Waits for the stdout line `accept` takes (a READY line, a port); rejects naming the child, with its stderr. */
  waitForLine<T>(accept: (line: string) => T | undefined, what: string, timeoutMs: number): Promise<T>;
  stop(): Promise<void>;
}

const TAIL_LINES = 20;

/**
 * Every child of a run (and their children) carries the run id in its environment, so the next
 * run finds what a harness killed outright left behind, through /proc/<pid>/environ, with or
 * without root.
 */
export const RUN_ID_ENV = 'MESHTAX_RUN_ID';

/**
 * Starts a child with a timeout and a cleanup path. If it exits while the run still needs it,
 * the run is aborted with a ChildDiedError naming it; `stop()` ends it quietly (SIGTERM, then
 * SIGKILL after 3 s) and is registered with the run's teardown the moment it starts.
 */
export function spawnChild(ctx: RunContext, spec: ChildSpec): Child {
  const { file, args } = (spec.wrap ?? noWrapper)(spec.file, spec.args);
  const child = execa(file, args, {
    timeout: ctx.maxRunMs,
    forceKillAfterDelay: 3_000,
    cleanup: true,
    reject: false,
    buffer: false,
    stdin: spec.stdinPipe ? 'pipe' : 'ignore',
    env: { ...spec.env, [RUN_ID_ENV]: ctx.runId },
    ...(spec.ipc ? { ipc: true, serialization: 'advanced' as const } : {}),
  });
  if (child.pid === undefined) throw new ChildDiedError(`${spec.name} could not be started (${file}).`);
  const tail: string[] = [];
  let stopping = false;
  lines(child.stderr, (line) => {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
  });
  void child.then((result) => {
    if (stopping) return;
    const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`;
    ctx.abort(
      new ChildDiedError(
        `${spec.name} (pid ${child.pid}) ${how} mid-run.${tail.length ? `\nIts last output:\n  ${tail.slice(-8).join('\n  ')}` : ''}`,
        'What was measured before it died is kept in the result, marked partial.',
      ),
    );
  });
  const handle: Child = {
    name: spec.name,
    pid: child.pid,
    process: child,
    stderrTail: () => tail.join('\n'),
    waitForLine: (accept, what, timeoutMs) =>
      waitForLine(child.stdout!, {
        accept,
        what: `${what} from ${spec.name}`,
        timeoutMs,
        signal: ctx.signal,
        error: (message) => new ChildDiedError(`${message}${tail.length ? `\nIts last error output:\n  ${tail.slice(-8).join('\n  ')}` : ''}`),
      }),
    stop: async () => {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await child;
    },
  };
  ctx.defer(`stop ${spec.name} (pid ${child.pid})`, handle.stop);
  return handle;
}

function lines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (!stream) return;
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      onLine(pending.slice(0, nl));
      pending = pending.slice(nl + 1);
    }
  });
}
