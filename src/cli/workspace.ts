/**
 * Where a command finds the user's things: the nearest bench.config.ts (or --config), scenarios
 * in a `scenarios/` folder beside it before meshtax's own, results and reports relative to the
 * config's folder — and any folder given on the command line relative to where the user is.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, type BenchConfig } from '../config/index.js';
import { projectRoot } from '../paths.js';

/** The scenarios meshtax ships. */
export const SHIPPED_SCENARIOS = path.join(projectRoot, 'scenarios');

export interface Workspace {
  readonly config: BenchConfig;
  /** The config file used, or `(defaults)`. */
  readonly configSource: string;
  /** The user's scenario folder first (its names win), then meshtax's. */
  readonly scenarioDirs: readonly string[];
  resultsDir(flag?: string): string;
  reportsDir(flag?: string): string;
  /** A path from a flag (relative to the working directory) or from the config (relative to its folder). */
  pathFrom(flag: string | undefined, configured: string | undefined): string | undefined;
}

export async function openWorkspace(configFlag: string | undefined, cwd = process.cwd()): Promise<Workspace> {
  const { config, source, dir } = await loadConfig(configFlag, cwd);
  const own = path.join(dir, 'scenarios');
  const scenarioDirs = existsSync(own) && path.resolve(own) !== SHIPPED_SCENARIOS ? [own, SHIPPED_SCENARIOS] : [SHIPPED_SCENARIOS];
  const folder = (flag: string | undefined, configured: string) => (flag !== undefined ? path.resolve(cwd, flag) : path.resolve(dir, configured));
  return {
    config,
    configSource: source,
    scenarioDirs,
    resultsDir: (flag) => folder(flag, config.resultsDir),
    reportsDir: (flag) => folder(flag, config.reportsDir),
    pathFrom: (flag, configured) => (flag !== undefined ? path.resolve(cwd, flag) : configured !== undefined ? path.resolve(dir, configured) : undefined),
  };
}
