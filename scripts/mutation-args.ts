/**
 * The command line of `npm run mutation` (scripts/mutation.ts), and the Stryker command of one file.
 *
 * `--force` is passed through to Stryker: with it every mutant is retested. Without it Stryker's
 * incremental mode keeps a mutant's old result unless its code or its covering tests changed, and a
 * "static" mutant (one that runs at module load, covered by no single test) keeps it even when tests
 * were added — so a rerun after new tests would not show the new score.
 */
export interface MutationArgs {
  /** Parts (`stats`, `compare`, …) or product files, in the order given; empty: every part. */
  readonly targets: string[];
  /** Only print the scores from the committed results. */
  readonly scoreOnly: boolean;
  /** Retest every mutant of the files run, ignoring their incremental results. */
  readonly force: boolean;
}

const OPTIONS = ['--score', '--force'];

/** Throws on an option it does not know (a typo must not start hours of mutation testing). */
export function parseMutationArgs(args: readonly string[]): MutationArgs {
  const unknown = args.filter((a) => a.startsWith('--') && !OPTIONS.includes(a));
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(', ')}; usage: npm run mutation -- [<part or file> …] [--force] [--score]`);
  return { targets: args.filter((a) => !a.startsWith('--')), scoreOnly: args.includes('--score'), force: args.includes('--force') };
}

export function strykerArgs(file: string, incrementalFile: string, force: boolean): string[] {
  return ['stryker', 'run', '--mutate', file, '--incrementalFile', incrementalFile, ...(force ? ['--force'] : [])];
}
