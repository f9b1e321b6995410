/** The READY line: how a started app tells its parent where it listens. */
import type { Readable } from 'node:stream';
import { ChildDiedError } from '../errors.js';
import { waitForLine } from '../process/index.js';

/** What the app reports once every server listens. */
export interface AppReady {
  readonly version: string;
  readonly httpPort: number;
  /** `null` when the app was started without gRPC. */
  readonly grpcPort: number | null;
  readonly pid: number;
}

/** The READY line did not come, or came malformed: the app or the way it was started is broken. */
export class AppReadyError extends ChildDiedError {}

export const READY_PREFIX = 'READY ';

/** `READY {"version":"v1","httpPort":N,"grpcPort":M,"pid":P}` (no newline). */
export function formatReadyLine(ready: AppReady): string {
  return READY_PREFIX + JSON.stringify({ version: ready.version, httpPort: ready.httpPort, grpcPort: ready.grpcPort, pid: ready.pid });
}

function isPort(value: unknown, allowZero: boolean): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= (allowZero ? 0 : 1) && value <= 65535;
}

/** Parses and checks one READY line (surrounding whitespace allowed); throws `AppReadyError` otherwise. */
export function parseReadyLine(line: string): AppReady {
  const text = line.trim();
  if (!text.startsWith(READY_PREFIX)) {
    throw new AppReadyError(`expected a line starting with "READY {", got ${JSON.stringify(text.slice(0, 200))}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(READY_PREFIX.length));
  } catch {
    throw new AppReadyError(`READY line does not carry JSON: ${JSON.stringify(text.slice(0, 200))}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AppReadyError(`READY line must carry a JSON object, got ${JSON.stringify(text.slice(0, 200))}`);
  }
  const { version, httpPort, grpcPort, pid } = parsed as Record<string, unknown>;
  if (typeof version !== 'string' || version.length === 0) throw new AppReadyError('READY line: "version" must be a non-empty string');
  if (!isPort(httpPort, false)) throw new AppReadyError(`READY line: "httpPort" must be a port 1–65535, got ${JSON.stringify(httpPort)}`);
  if (grpcPort !== null && !isPort(grpcPort, false)) {
    throw new AppReadyError(`READY line: "grpcPort" must be a port 1–65535 or null, got ${JSON.stringify(grpcPort)}`);
  }
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) {
    throw new AppReadyError(`READY line: "pid" must be a positive integer, got ${JSON.stringify(pid)}`);
  }
  return { version, httpPort, grpcPort, pid };
}

export interface WaitForReadyOptions {
  /** Give up after this long (the app normally starts in well under a second, tsx included). */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/**
 * Reads `stdout` of a started app until its READY line and parses it. Rejects with `AppReadyError`
 * if the stream ends first, the line is malformed, or the time is up; the message quotes what the
 * app printed.
 */
export function waitForReady(stdout: Readable, options: WaitForReadyOptions): Promise<AppReady> {
  return waitForLine(stdout, {
    accept: (line) => (line.startsWith(READY_PREFIX) ? parseReadyLine(line) : undefined),
    what: 'the app\'s READY line',
    timeoutMs: options.timeoutMs,
    ...(options.signal ? { signal: options.signal } : {}),
    error: (message) => new AppReadyError(message),
  });
}
