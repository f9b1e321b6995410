import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { projectRoot } from './paths.js';

export const TOOL_VERSION: string = (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;

/** The git commit meshtax runs from (`+dirty` with local changes); null outside a checkout or without git. */
export async function toolCommit(root = projectRoot): Promise<string | null> {
  const git = (args: string[]) => execa('git', ['-C', root, ...args], { timeout: 5_000, reject: false, stdin: 'ignore' });
  const head = await git(['rev-parse', 'HEAD']).catch(() => undefined);
  if (head === undefined || head.exitCode !== 0 || !/^[0-9a-f]{40}$/.test(head.stdout.trim())) return null;
  const dirty = await git(['status', '--porcelain', '--untracked-files=no']).catch(() => undefined);
  return `${head.stdout.trim()}${dirty?.exitCode === 0 && dirty.stdout.trim() !== '' ? '+dirty' : ''}`;
}
