/**
 * `npm run mutation [-- <part or file> …] [--force] [--score]` (in the order given; default all three parts): mutation testing of the statistics (issue 12
 * §6) with StrykerJS, one product file at a time, each with its own incremental result under
 * mutation/incremental/ (committed). One Stryker run per file keeps the instrumented hot loops to
 * that file (the bootstrap and permutation loops run 10–100× slower instrumented) and lets vitest
 * run only the tests that import it; a run that is cut off loses at most the file it was on, and a
 * rerun retests only mutants whose code or covering tests changed (`--force`: every mutant, see
 * scripts/mutation-args.ts). At the end: the score per part
 * and overall, over every file that has a result. Runs niced, on one core (stryker.config.mjs).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { parseMutationArgs, strykerArgs } from './mutation-args.js';

const PARTS = ['capacity', 'compare', 'stats'] as const;
const INCREMENTAL_DIR = 'mutation/incremental';
/** One file's run: the dry run plus every mutant, on a busy 2-core VM. */
const FILE_TIMEOUT_MS = 3 * 60 * 60 * 1000;

/** Product files of a part: no tests, no testing/ helpers, no re-exports, no pure type files. */
async function productFiles(part: string): Promise<string[]> {
  const names = await readdir(path.join('src', part));
  return names
    .filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts') && n !== 'index.ts' && n !== 'types.ts')
    .map((n) => path.join('src', part, n))
    .sort();
}

const incrementalFileOf = (file: string): string => path.join(INCREMENTAL_DIR, `${file.replace(/^src\//, '').replace(/\.ts$/, '')}.json`);

interface Tally {
  detected: number;
  undetected: number;
  other: number;
}

/** Killed and timed-out mutants are detected; survivors and uncovered ones are not (Stryker's score). */
async function tallyOf(file: string): Promise<Tally | null> {
  const text = await readFile(incrementalFileOf(file), 'utf8').catch(() => null);
  if (text === null) return null;
  const report = JSON.parse(text) as { files: Record<string, { mutants: Array<{ status: string }> }> };
  const tally: Tally = { detected: 0, undetected: 0, other: 0 };
  for (const { mutants } of Object.values(report.files)) {
    for (const { status } of mutants) {
      if (status === 'Killed' || status === 'Timeout') tally.detected++;
      else if (status === 'Survived' || status === 'NoCoverage') tally.undetected++;
      else tally.other++;
    }
  }
  return tally;
}

const score = (t: Tally): string => (t.detected + t.undetected === 0 ? 'n/a' : `${((100 * t.detected) / (t.detected + t.undetected)).toFixed(1)}%`);
const add = (a: Tally, b: Tally): Tally => ({ detected: a.detected + b.detected, undetected: a.undetected + b.undetected, other: a.other + b.other });

async function printScores(): Promise<void> {
  let overall: Tally = { detected: 0, undetected: 0, other: 0 };
  let notRunAnywhere = 0;
  for (const part of PARTS) {
    let sum: Tally = { detected: 0, undetected: 0, other: 0 };
    const missing: string[] = [];
    for (const file of await productFiles(part)) {
      const t = await tallyOf(file);
      if (t === null) missing.push(path.basename(file));
      else sum = add(sum, t);
    }
    overall = add(overall, sum);
    notRunAnywhere += missing.length;
    const notRun = missing.length > 0 ? `; not yet run: ${missing.join(', ')}` : '';
    console.log(`src/${part}: ${score(sum)} (${sum.detected} detected, ${sum.undetected} survived or uncovered, ${sum.other} other)${notRun}`);
  }
  const partial = notRunAnywhere > 0 ? `, over the files run so far (${notRunAnywhere} not yet run)` : '';
  console.log(`overall: ${score(overall)} (${overall.detected} of ${overall.detected + overall.undetected}${partial})`);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseMutationArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 2;
    return;
  }
  const { targets: only, scoreOnly, force } = parsed;
  if (!scoreOnly) {
    // parts in their order, then files in the order given (cheap ones first when time is short)
    const files: Array<{ part: string; file: string }> = [];
    for (const wanted of only.length > 0 ? only : PARTS) {
      for (const part of PARTS) {
        for (const file of await productFiles(part)) {
          if ((wanted === part || path.normalize(wanted) === file) && !files.some((f) => f.file === file)) files.push({ part, file });
        }
      }
    }
    for (const { part, file } of files) {
      console.log(`\n=== ${file}`);
      await execa('npx', strykerArgs(file, incrementalFileOf(file), force), {
        env: { MUTATION_PARTS: part },
        stdio: 'inherit',
        timeout: FILE_TIMEOUT_MS,
        reject: false,
      });
    }
  }
  await printScores();
}

await main();
