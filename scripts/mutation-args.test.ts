import { describe, expect, it } from 'vitest';
import { parseMutationArgs, strykerArgs } from './mutation-args.js';

describe('npm run mutation arguments', () => {
  it('passes --force through to Stryker, so a rerun after new tests retests every mutant', () => {
    const args = parseMutationArgs(['src/compare/steps.ts', '--force']);
    expect(args).toEqual({ targets: ['src/compare/steps.ts'], scoreOnly: false, force: true });
    expect(strykerArgs('src/compare/steps.ts', 'mutation/incremental/compare/steps.json', args.force)).toEqual([
      'stryker', 'run', '--mutate', 'src/compare/steps.ts', '--incrementalFile', 'mutation/incremental/compare/steps.json', '--force',
    ]);
  });

  it('without --force keeps the incremental results; --score only prints', () => {
    const args = parseMutationArgs(['stats', 'capacity', '--score']);
    expect(args).toEqual({ targets: ['stats', 'capacity'], scoreOnly: true, force: false });
    expect(strykerArgs('src/stats/prng.ts', 'mutation/incremental/stats/prng.json', args.force)).not.toContain('--force');
    expect(parseMutationArgs([])).toEqual({ targets: [], scoreOnly: false, force: false });
  });

  it('refuses an option it does not know instead of ignoring it', () => {
    expect(() => parseMutationArgs(['--froce', 'stats'])).toThrow(/unknown option --froce/);
  });
});
