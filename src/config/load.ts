/**
 * Finding and loading the user's bench.config.ts: `--config` when given (it must exist), else the
 * nearest `bench.config.ts` from the current directory upwards, else meshtax's defaults. Relative
 * folders in the config resolve against the config file's folder.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { up } from 'empathic/find';
import { BadInputError } from '../errors.js';
import { importDefault } from './module-loader.js';
import { BenchConfigSchema, type BenchConfig } from './schema.js';
import { validate } from './validate.js';

export { importDefault } from './module-loader.js';

export const CONFIG_FILE = 'bench.config.ts';

export interface LoadedConfig {
  readonly config: BenchConfig;
  /** The file it came from, or `(defaults)`. */
  readonly source: string;
  /** Where relative paths of the config (resultsDir, reportsDir, scenarios/) resolve. */
  readonly dir: string;
}

const exists = (file: string) => access(file).then(() => true, () => false);

export async function loadConfig(explicit: string | undefined, cwd = process.cwd()): Promise<LoadedConfig> {
  if (explicit !== undefined) {
    const file = path.resolve(cwd, explicit);
    if (!(await exists(file))) throw new BadInputError(`--config ${explicit}: no such file (${file}).`, `Leave --config out to use the nearest ${CONFIG_FILE}, or run \`meshtax init\` to write one.`);
    return loadConfigFile(file);
  }
  const found = up(CONFIG_FILE, { cwd });
  if (found === undefined) return { config: BenchConfigSchema.parse({}), source: '(defaults)', dir: cwd };
  return loadConfigFile(found);
}

/** Loads and validates one config file. */
export async function loadConfigFile(file: string): Promise<LoadedConfig> {
  const config = validate(BenchConfigSchema, await importDefault(file), file);
  const unknownProfiles = config.defaultProfiles.filter((p) => !(p in config.profiles));
  if (unknownProfiles.length > 0) {
    throw new BadInputError(
      `${file} is invalid:\n  defaultProfiles: ${unknownProfiles.join(', ')} is not among the profiles (${Object.keys(config.profiles).join(', ')})`,
    );
  }
  return { config, source: file, dir: path.dirname(file) };
}
