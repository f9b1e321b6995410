/**
 * Validation plumbing shared by every resource kind: strict objects (a field meshtax does not
 * translate is an error, never ignored) and messages that name the file, the document and the
 * field path, one line per problem.
 */
import { z } from 'zod';
import { fieldPath } from '../../config/index.js';
import { BadInputError } from '../../errors.js';
import { describeResource, type IstioResource } from './parse.js';

/** A zod object that refuses unknown fields; the message lists the fields meshtax does read there. */
export function istioObject<S extends z.ZodRawShape>(shape: S) {
  const known = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `meshtax translates only: ${known}` : undefined),
  });
}

/** Parses a resource with its schema, or throws one BadInputError listing all its problems. */
export function readResource<S extends z.ZodType>(schema: S, resource: IstioResource, source: string): z.output<S> {
  const result = schema.safeParse(resource.body, { reportInput: true });
  if (result.success) return result.data;
  throw resourceError(resource, source, result.error.issues.flatMap(describeIssue));
}

export function resourceError(resource: IstioResource, source: string, problems: readonly string[]): BadInputError {
  const where = `${source}: ${describeResource(resource)}`;
  return new BadInputError(
    capProblems(problems.map((p) => `${where}: ${p}`)).join('\n'),
    `Fix the fields named above in ${source}; a field meshtax does not translate has to go, since the local target could not honour it.`,
  );
}

/**
 * Runs `read` over every item and throws one BadInputError with every item's problems, so a user
 * fixes a file in one pass instead of one error at a time.
 */
export function readAll<T, R>(items: readonly T[], read: (item: T) => R): R[] {
  const results: R[] = [];
  const failures: BadInputError[] = [];
  for (const item of items) {
    try {
      results.push(read(item));
    } catch (error) {
      if (!(error instanceof BadInputError)) throw error;
      failures.push(error);
    }
  }
  if (failures.length > 0) {
    const lines = failures.flatMap((f) => f.message.split('\n'));
    const hidden = lines.reduce((n, l) => n + Number(MORE.exec(l)?.[1] ?? 0), 0);
    throw new BadInputError(capProblems(lines.filter((l) => !MORE.test(l)), hidden).join('\n'), failures[0]?.hint);
  }
  return results;
}

/** A file with thousands of bad fields gets the first problems and a count, not megabytes. */
export const MAX_PROBLEMS_SHOWN = 20;

const MORE = /^… and (\d+) more problems$/;

function capProblems(lines: readonly string[], alreadyHidden = 0): string[] {
  const shown = lines.slice(0, MAX_PROBLEMS_SHOWN).map((l) => (l.length > 300 ? `${l.slice(0, 300)}…` : l));
  const hidden = Math.max(0, lines.length - MAX_PROBLEMS_SHOWN) + alreadyHidden;
  if (hidden > 0) shown.push(`… and ${hidden} more problems`);
  return shown;
}

function describeIssue(issue: z.core.$ZodIssue): string[] {
  const at = fieldPath(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => `${fieldPath([...issue.path, key])} is not supported by meshtax (${issue.message})`);
    case 'invalid_value':
      return [`${at}: must be ${issue.values.length === 1 ? '' : 'one of '}${issue.values.map(String).join(', ')}; got ${show(issue.input)}`];
    case 'invalid_key':
      return [`${at}: ${issue.issues.map((i) => i.message).join('; ')}`];
    case 'invalid_type':
      return [issue.input === undefined ? `${at} is required` : `${at}: expected ${issue.expected}, got ${show(issue.input)}`];
    default:
      return [`${at}: ${issue.message}`];
  }
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
