/**
 * Each command's flags, arguments and help live in one `CommandSpec`; commander builds the parser,
 * the generated `--help` and the "did you mean" suggestions from it. The same spec serves
 * `meshtax <command>` (main.ts) and the command functions tests call with an argv.
 */
import { Command, CommanderError, Option } from 'commander';
import { BadInputError, ExitCode } from '../errors.js';

export interface OptionSpec {
  /** `--rounds <n>`, `--quick`, `--json [file]`, `-h, --help` … */
  readonly flags: string;
  readonly description: string;
  readonly defaultValue?: string | boolean;
}

export interface CommandSpec {
  readonly name: string;
  /** One line, for `meshtax --help`. */
  readonly summary: string;
  /** Positional arguments in commander's notation: `[scenario]`, `<baseline> <current>`, `[files...]`. */
  readonly arguments?: string;
  readonly options: readonly OptionSpec[];
  /** Paragraphs after the options: how to read the output, examples, exit codes. */
  readonly details?: string;
}

export type Values = Readonly<Record<string, string | boolean | undefined>>;
export type CommandRun = (values: Values, positionals: readonly string[]) => Promise<number>;

/** A commander command for the spec; `exitOverride` so errors come back to us instead of exiting. */
export function commandOf(spec: CommandSpec, out: (text: string) => void = (t) => void process.stdout.write(t)): Command {
  const command = new Command(spec.name)
    .description(spec.summary)
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: out, writeErr: () => {}, outputError: () => {} })
    .helpOption('-h, --help', 'this text');
  if (spec.arguments) for (const argument of spec.arguments.split(' ')) command.argument(argument);
  for (const o of spec.options) {
    const option = new Option(o.flags, o.description);
    if (o.defaultValue !== undefined) option.default(o.defaultValue);
    command.addOption(option);
  }
  if (spec.details) command.addHelpText('after', `\n${spec.details.trimEnd()}\n`);
  return command;
}

/** The parsed flags by their long name (`budget-us`), and the positionals. */
export function valuesOf(command: Command): { values: Values; positionals: string[] } {
  const values: Record<string, string | boolean | undefined> = {};
  for (const option of command.options) {
    if (option.long === undefined || option.long === '--help') continue;
    values[option.long.slice(2)] = command.getOptionValue(option.attributeName()) as string | boolean | undefined;
  }
  return { values, positionals: [...command.args] };
}

/** Parses `argv` for the spec and runs; `--help` prints and returns 0; a usage error is bad input (exit 2). */
export async function runCommand(spec: CommandSpec, argv: readonly string[], run: CommandRun, out?: (text: string) => void): Promise<number> {
  const command = commandOf(spec, out).name(`meshtax ${spec.name}`).allowExcessArguments(false);
  let parsed: { values: Values; positionals: string[] };
  try {
    command.parse([...argv], { from: 'user' });
    parsed = valuesOf(command);
  } catch (error) {
    return usageError(error, spec.name);
  }
  return run(parsed.values, parsed.positionals);
}

/** commander's errors as ours: help shown → 0, anything else → bad input naming the command's help. */
export function usageError(error: unknown, name: string): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.help' || error.code === 'commander.version') return ExitCode.ok;
    throw new BadInputError(error.message.replace(/^error: /, ''), `Run \`meshtax ${name === '' ? '' : `${name} `}--help\` for the options.`);
  }
  throw error;
}

/** A whole number ≥ 1 from a flag, or undefined when the flag is absent. */
export function positiveInt(name: string, value: string | boolean | undefined): number | undefined {
  if (value === undefined || typeof value === 'boolean') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new BadInputError(`--${name} must be a positive whole number, got "${value}".`);
  return n;
}

/** A duration flag in seconds: `300`, `300s`, `5m`, `1.5m`. */
export function durationSeconds(name: string, value: string | boolean | undefined): number | undefined {
  if (value === undefined || typeof value === 'boolean') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*(s|m|min)?\s*$/i.exec(value);
  if (!match) throw new BadInputError(`--${name} must be a duration such as 300, 300s or 5m, got "${value}".`);
  const n = Number(match[1]) * (match[2] && match[2].toLowerCase() !== 's' ? 60 : 1);
  if (!(n > 0)) throw new BadInputError(`--${name} must be more than 0, got "${value}".`);
  return n;
}

/** A string flag's value (undefined when absent or given as a bare switch). */
export const text = (value: string | boolean | undefined): string | undefined => (typeof value === 'string' ? value : undefined);
