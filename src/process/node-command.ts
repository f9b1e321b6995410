/** The command line of a child that runs one of meshtax's own entry modules under Node. */
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface Command {
  readonly file: string;
  readonly args: readonly string[];
}

/** The file of an entry module beside `moduleUrl`: `./server.ts` running from source, `./server.js` compiled. */
export function siblingEntry(moduleUrl: string, stem: string): string {
  return fileURLToPath(new URL(`./${stem}${moduleUrl.endsWith('.ts') ? '.ts' : '.js'}`, moduleUrl));
}

/** `node <entry> <args…>` with the running Node; a TypeScript entry (a source checkout) gets tsx's loader. */
export function nodeCommand(entry: string, args: readonly string[] = []): Command {
  const loader = entry.endsWith('.ts') ? ['--import', tsxImportUrl()] : [];
  return { file: process.execPath, args: [...loader, entry, ...args] };
}

let tsxUrl: string | undefined;

/** `file:` URL of tsx's loader, so `--import` works from any working directory (source checkouts only). */
function tsxImportUrl(): string {
  tsxUrl ??= pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return tsxUrl;
}
