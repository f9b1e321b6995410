/** Starting a sample app as a child of the run and waiting for its READY line: one way, for every caller. */
import { spawnChild, type CommandWrapper, type RunContext } from '../process/index.js';
import { appCommand } from './command.js';
import type { AppOptions } from './options.js';
import { parseReadyLine, READY_PREFIX, type AppReady } from './ready.js';

/** The app normally starts in well under a second, tsx included. */
const READY_TIMEOUT_MS = 20_000;

/** What the app reported, with `pid` the child the run started (what cleanup and the probes watch). */
export async function startApp(ctx: RunContext, options: AppOptions, placement: { name?: string; wrap?: CommandWrapper } = {}): Promise<AppReady> {
  const { file, args } = appCommand(options);
  const child = spawnChild(ctx, { name: placement.name ?? `app ${options.version}`, file, args, ...(placement.wrap ? { wrap: placement.wrap } : {}) });
  const ready = await child.waitForLine((line) => (line.startsWith(READY_PREFIX) ? parseReadyLine(line) : undefined), 'the READY line', READY_TIMEOUT_MS);
  return { ...ready, pid: child.pid };
}
