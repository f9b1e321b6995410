import { parseArgs, type ParseArgsConfig } from 'node:util';
import { BadInputError } from '../errors.js';

/** util.parseArgs with errors that say how to get help (exit 2). */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(command: string, argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new BadInputError(`${(error as Error).message}`, `Run \`npm run meshtax -- ${command} --help\` for the options.`);
  }
}

export function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new BadInputError(`--${name} must be a positive whole number, got "${value}".`);
  return n;
}
