// Admin sockets fit sun_path (108 bytes) whatever the run folder's depth and the names in it.
import { rm, stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { adminSocketPath, createSocketDir, MAX_SOCKET_PATH_BYTES } from './admin-socket.js';

describe('admin socket paths', () => {
  it('stay short for a deep run folder and long profile and version names, and differ per owner and name', async () => {
    const socketDir = await createSocketDir();
    try {
      expect((await stat(socketDir)).mode & 0o777).toBe(0o700);
      const deep = `/home/runner/work/${'x'.repeat(200)}/.meshtax/runs/20261124-231502-${'s'.repeat(63)}-3fa9-abcdef/${'p'.repeat(63)}`;
      const a = adminSocketPath(socketDir, deep, `server-v${'9'.repeat(62)}`);
      expect(Buffer.byteLength(a)).toBeLessThanOrEqual(MAX_SOCKET_PATH_BYTES);
      expect(a.startsWith(socketDir)).toBe(true);
      expect(adminSocketPath(socketDir, deep, 'client')).not.toBe(adminSocketPath(socketDir, `${deep}x`, 'client'));
      expect(adminSocketPath(socketDir, deep, 'client')).not.toBe(adminSocketPath(socketDir, deep, 'server-v1'));
    } finally {
      await rm(socketDir, { recursive: true, force: true });
    }
  });

  it('refuses, naming the path, a socket folder too long for a socket', () => {
    expect(() => adminSocketPath(`/tmp/${'d'.repeat(120)}`, '/run', 'client')).toThrow(/longer than a unix socket allows/);
  });
});
