/** The command line of a child that runs one of meshtax's own TypeScript entries under Node. */
import { tsxImportUrl } from '../paths.js';

export interface Command {
  readonly file: string;
  readonly args: readonly string[];
}

/** `node --import <tsx> <entry> <args…>`, with the running Node, from any working directory. */
export function nodeCommand(entry: string, args: readonly string[] = []): Command {
  return { file: process.execPath, args: ['--import', tsxImportUrl, entry, ...args] };
}
