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
export function onInterrupt(ctx: RunContext, options: InterruptOptions): () => void {
  let count = 0;
  const handler = (signal: NodeJS.Signals) => {
    count += 1;
    if (count > 1) {
      options.onForce?.(signal);
      return;
    }
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
