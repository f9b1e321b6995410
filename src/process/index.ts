/**
 * process — the lowest layer of everything that starts processes: the run context that owns
 * cleanup, child processes with timeouts, waiting for a child's announcement, interruption
 * (without exiting: only the CLI exits) and the progress a long run reports.
 */
export { RunContext, type Teardown } from './run-context.js';
export { noWrapper, RUN_ID_ENV, spawnChild, type Child, type ChildSpec, type CommandWrapper } from './child.js';
export { nodeCommand, siblingEntry, type Command } from './node-command.js';
export { onInterrupt, SAME_SIGNAL_WITHIN_MS, type InterruptOptions } from './interrupt.js';
export { silentProgress, type Progress } from './progress.js';
export { waitForLine, type WaitForLineOptions } from './wait-for-line.js';
export { withFileLock } from './file-lock.js';
