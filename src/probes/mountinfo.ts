import { readTextFile } from './sampler.js';
import type { ReadText } from './types.js';

/** One line of `/proc/self/mountinfo` (proc(5)). */
export interface MountInfo {
  /** `major:minor` of the mounted filesystem's st_dev. */
  majorMinor: string;
  /** The directory within the filesystem that forms the root of this mount. */
  root: string;
  mountPoint: string;
  fsType: string;
  /** e.g. `/dev/vda`, `overlay`, `cgroup`. */
  source: string;
  /** Per-superblock options, e.g. `['rw', 'cpu', 'cpuacct']` for a v1 cgroup mount. */
  superOptions: string[];
}

/** mountinfo escapes space, tab, newline and backslash as `\040`-style octal. */
function unescapeOctal(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

export function parseMountInfo(text: string): MountInfo[] {
  const out: MountInfo[] = [];
  for (const line of text.split('\n')) {
    const sep = line.indexOf(' - ');
    if (sep < 0) continue;
    const left = line.slice(0, sep).split(' ');
    const right = line.slice(sep + 3).split(' ');
    const [, , majorMinor, root, mountPoint] = left;
    const [fsType, source, superOptions] = right;
    if (majorMinor === undefined || root === undefined || mountPoint === undefined || fsType === undefined) continue;
    out.push({
      majorMinor,
      root: unescapeOctal(root),
      mountPoint: unescapeOctal(mountPoint),
      fsType,
      source: unescapeOctal(source ?? ''),
      superOptions: (superOptions ?? '').split(','),
    });
  }
  return out;
}

export async function readMountInfo(readText: ReadText = readTextFile): Promise<MountInfo[]> {
  return parseMountInfo(await readText('/proc/self/mountinfo'));
}
