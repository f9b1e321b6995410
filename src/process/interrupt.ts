import { InterruptedError } from '../errors.js';
import type { RunContext } from './run-context.js';

/**
 * The first SIGINT/SIGTERM aborts the run, whose teardown still runs to the end; a second one
 * exits at once (the user insisted), leaving only what `cleanup: true` children get.
 */
export function onInterrupt(ctx: RunContext, warn: (m: string) => void): () => void {
  let count = 0;
  const handler = (signal: NodeJS.Signals) => {
    count += 1;
    if (count > 1) process.exit(130);
    warn(`${signal}: stopping — cleaning up and keeping what was measured (press Ctrl-C again to quit at once).`);
    ctx.abort(new InterruptedError(signal));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
