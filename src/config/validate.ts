import type { z } from 'zod';
import { BadInputError } from '../errors.js';

/** Parses `value` with `schema`, or throws one BadInputError listing every problem: file, field path, expectation. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, file: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${fieldPath(issue.path)}: ${issue.message}`);
  throw new BadInputError(`${file} is invalid:\n${problems.join('\n')}`, `Fix the field${problems.length > 1 ? 's' : ''} above in ${file}.`);
}

export function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}
