import { cp, mkdir, mkdtemp, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { projectRoot } from '../../src/paths.js';

/**
 * A copy of this checkout at a path of at least `minChars` characters (as deep as a CI runner's
 * checkout and more), with node_modules and the provisioned Envoy linked in. `top` is the folder
 * to remove afterwards.
 */
export async function deepCheckout(minChars: number): Promise<{ root: string; top: string }> {
  const top = await mkdtemp(path.join(os.tmpdir(), 'meshtax-deep-'));
  let root = top;
  for (let i = 0; root.length < minChars; i++) root = path.join(root, `nested-checkout-folder-${i}`);
  await mkdir(root, { recursive: true });
  const files = (await execa('git', ['ls-files', '-co', '--exclude-standard'], { cwd: projectRoot })).stdout.split('\n').filter(Boolean);
  for (const file of files) await cp(path.join(projectRoot, file), path.join(root, file), { recursive: true, dereference: false }).catch(() => undefined);
  await symlink(path.join(projectRoot, 'node_modules'), path.join(root, 'node_modules'));
  await mkdir(path.join(root, '.meshtax'), { recursive: true });
  await symlink(path.join(projectRoot, '.meshtax', 'envoy'), path.join(root, '.meshtax', 'envoy'));
  return { root, top };
}
