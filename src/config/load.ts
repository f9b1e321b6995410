import { access } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BadInputError } from '../errors.js';
import { BenchConfigSchema, type BenchConfig } from './schema.js';
import { validate } from './validate.js';

/** Imports a TypeScript or JavaScript module's default export (we run under tsx). */
export async function importDefault(file: string): Promise<unknown> {
  try {
    const mod = (await import(pathToFileURL(path.resolve(file)).href)) as { default?: unknown };
    if (mod.default === undefined) throw new BadInputError(`${file} has no default export.`, 'Export the definition with `export default …`.');
    return mod.default;
  } catch (error) {
    if (error instanceof BadInputError) throw error;
    throw new BadInputError(`${file} could not be loaded: ${(error as Error).message.split('\n')[0]}`);
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** Loads and validates bench.config.ts; without one, the defaults apply. */
export async function loadConfig(file: string): Promise<{ config: BenchConfig; source: string }> {
  if (!(await exists(file))) return { config: BenchConfigSchema.parse({}), source: '(defaults)' };
  const config = validate(BenchConfigSchema, await importDefault(file), file);
  const unknownProfiles = config.defaultProfiles.filter((p) => !(p in config.profiles));
  if (unknownProfiles.length > 0) {
    throw new BadInputError(
      `${file} is invalid:\n  defaultProfiles: ${unknownProfiles.join(', ')} is not among the profiles (${Object.keys(config.profiles).join(', ')})`,
    );
  }
  return { config, source: file };
}
