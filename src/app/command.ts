/** The command line of one sample-app process. */
import { nodeCommand, siblingEntry, type Command } from '../process/index.js';
import { appArgs, type AppOptions } from './options.js';

/** Absolute path of the server entry (`server.ts` from source, `server.js` compiled). */
export const APP_SERVER_ENTRY = siblingEntry(import.meta.url, 'server');

/** The full command for one app process: `node [--import <tsx>] <entry> <flags>`. */
export function appCommand(options: AppOptions): Command {
  return nodeCommand(APP_SERVER_ENTRY, appArgs(options));
}
