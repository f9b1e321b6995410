import { InterruptedError } from '../errors.js';
import type { RunContext } from './run-context.js';

export interface InterruptOptions {
  readonly warn: (message: string) => void;
  /** A second signal: the user insists. The caller (the CLI) decides what that means; the run keeps unwinding. */
  readonly onForce?: (signal: NodeJS.Signals) => void;
}

/**
 * SIGINT and SIGTERM (CI cancellation) abort the run; its teardown and record still run to the
 * end. The handlers stay until the returned function is called, which the run does only after
 * everything is cleaned up and written. Nothing here exits the process.
 */
/**
 * A Ctrl-C reaches the harness more than once within milliseconds when it runs under `npm run` or
 * `npx` (the terminal signals the whole process group, and npm and tsx relay it as well): repeats
 * this soon after the first are one keypress, not a second Ctrl-C.
 */
export const SAME_SIGNAL_WITHIN_MS = 1_000;

export function onInterrupt(ctx: RunContext, options: InterruptOptions): () => void {
  let firstAt: number | undefined;
  const handler = (signal: NodeJS.Signals) => {
    if (firstAt !== undefined) {
      if (Date.now() - firstAt >= SAME_SIGNAL_WITHIN_MS) options.onForce?.(signal);
      return;
    }
    firstAt = Date.now();
    options.warn(`${signal}: stopping — cleaning up and keeping what was measured (press Ctrl-C again to quit at once).`);
    ctx.abort(new InterruptedError(signal));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
