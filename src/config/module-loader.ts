/**
 * Loading a user's TypeScript (bench.config.ts, scenario files) with jiti, a maintained TS loader,
 * so meshtax runs compiled without a loader of its own. `import … from 'meshtax'` in those files
 * resolves to this meshtax, wherever the file lives.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createJiti } from 'jiti';
import { BadInputError } from '../errors.js';

/** src/index.ts when running from source, dist/index.js when compiled. */
const PUBLIC_ENTRY = fileURLToPath(new URL(`../index.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url));

const jiti = createJiti(import.meta.url, { alias: { meshtax: PUBLIC_ENTRY }, moduleCache: false, fsCache: false });

/** Imports a TypeScript or JavaScript module's default export; any failure is bad input naming the file. */
export async function importDefault(file: string): Promise<unknown> {
  let mod: { default?: unknown };
  try {
    mod = (await jiti.import(path.resolve(file))) as { default?: unknown };
  } catch (error) {
    throw new BadInputError(`${file} could not be loaded: ${(error as Error).message.split('\n')[0]}`);
  }
  if (mod.default === undefined) throw new BadInputError(`${file} has no default export.`, 'Export the definition with `export default …`.');
  return mod.default;
}
