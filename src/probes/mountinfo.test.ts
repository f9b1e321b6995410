import { describe, expect, it } from 'vitest';
import { parseMountInfo } from './mountinfo.js';

describe('parseMountInfo', () => {
  it('reads fields around the optional-fields separator and unescapes octal', () => {
    const [m] = parseMountInfo('36 35 98:0 /mnt1 /mnt/my\\040disk rw,noatime master:1 shared:7 - ext3 /dev/root rw,errors=continue\n');
    expect(m).toEqual({
      majorMinor: '98:0',
      root: '/mnt1',
      mountPoint: '/mnt/my disk',
      fsType: 'ext3',
      source: '/dev/root',
      superOptions: ['rw', 'errors=continue'],
    });
  });

  it('skips malformed lines', () => {
    expect(parseMountInfo('\nnot a mount line\n')).toEqual([]);
  });
});
