/**
 * Waiting for a child's announcement (a READY line, a listening port) with a timeout: the one
 * helper every start-up uses, so each says alike what the child printed when it did not come.
 */
import type { Readable } from 'node:stream';

export interface WaitForLineOptions<T> {
  /** Returns the value once the awaited line is seen; undefined lets the line pass; throwing rejects. */
  readonly accept: (line: string) => T | undefined;
  readonly timeoutMs: number;
  /** What is awaited, in words, for the error: e.g. `app v1's READY line`. */
  readonly what: string;
  readonly signal?: AbortSignal;
  /** Builds the rejection (default: a plain Error). */
  readonly error?: (message: string) => Error;
}

const SHOWN_CHARS = 2000;

/**
 * Reads `stream` line by line until `accept` returns a value. Rejects when the time is up, the
 * stream ends or `signal` aborts, quoting what was printed. Listens to `data` only, so other
 * readers of the same stream see everything too.
 */
export function waitForLine<T>(stream: Readable, options: WaitForLineOptions<T>): Promise<T> {
  const fail = options.error ?? ((message: string) => new Error(message));
  return new Promise<T>((resolve, reject) => {
    let pending = '';
    const seen: string[] = [];
    const printed = (): string => {
      const text = [...seen, pending].join('\n').trim();
      return text === '' ? '' : `; it printed: ${text.slice(-SHOWN_CHARS)}`;
    };
    const finish = (outcome: { value: T } | { error: Error }): void => {
      clearTimeout(timer);
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('close', onEnd);
      options.signal?.removeEventListener('abort', onAbort);
      if ('value' in outcome) resolve(outcome.value);
      else reject(outcome.error);
    };
    const onLine = (line: string): boolean => {
      let value: T | undefined;
      try {
        value = options.accept(line);
      } catch (error) {
        finish({ error: error instanceof Error ? error : fail(String(error)) });
        return true;
      }
      if (value === undefined) {
        seen.push(line);
        return false;
      }
      finish({ value });
      return true;
    };
    const onData = (chunk: Buffer | string): void => {
      pending += chunk.toString();
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (onLine(line)) return;
        newline = pending.indexOf('\n');
      }
    };
    const onEnd = (): void => finish({ error: fail(`${options.what} did not come: the output closed (the process exited?)${printed()}`) });
    const onAbort = (): void => finish({ error: fail(`waiting for ${options.what} was aborted`) });
    const timer = setTimeout(() => finish({ error: fail(`${options.what} did not come within ${options.timeoutMs} ms${printed()}`) }), options.timeoutMs);
    if (options.signal?.aborted === true) {
      onAbort();
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('close', onEnd);
  });
}
