import type { z } from 'zod';
import { BadInputError } from '../errors.js';

/** At most this many problems are listed; a file with thousands of bad keys gets a count, not megabytes. */
export const MAX_PROBLEMS_SHOWN = 20;

/** Parses `value` with `schema`, or throws one BadInputError listing the problems: file, field path, expectation. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, file: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new BadInputError(`${file} is invalid:\n${listProblems(result.error.issues)}`, `Fix the field${result.error.issues.length > 1 ? 's' : ''} above in ${file}.`);
}

/** `  field.path: message` per issue, the first MAX_PROBLEMS_SHOWN, then how many more. */
export function listProblems(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, MAX_PROBLEMS_SHOWN).map((issue) => `  ${fieldPath(issue.path)}: ${shorten(issue.message)}`);
  if (issues.length > MAX_PROBLEMS_SHOWN) shown.push(`  … and ${issues.length - MAX_PROBLEMS_SHOWN} more problems`);
  return shown.join('\n');
}

const shorten = (text: string): string => (text.length > 300 ? `${text.slice(0, 300)}…` : text);

export function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path.slice(0, 12).map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}
