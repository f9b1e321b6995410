/**
 * Where an Envoy admin socket goes. A unix socket path is limited to 108 bytes (107 and the NUL),
 * so it cannot live in the run folder of a deep checkout: each run gets a short private folder
 * under the system temp dir (0700), and each socket a short hashed name in it.
 */
import { createHash } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EnvironmentError } from '../errors.js';

/** sun_path is 108 bytes including the terminating NUL. */
export const MAX_SOCKET_PATH_BYTES = 107;
/** Longest temp dir used as is; a longer TMPDIR falls back to /tmp. */
const MAX_TMP_DIR_CHARS = 60;
export const SOCKET_DIR_PREFIX = 'mtx-';

/** Creates the run's socket folder (0700, as mkdtemp makes it); the caller removes it. */
export async function createSocketDir(): Promise<string> {
  const tmp = os.tmpdir();
  const base = Buffer.byteLength(tmp) <= MAX_TMP_DIR_CHARS ? tmp : '/tmp';
  return mkdtemp(path.join(base, SOCKET_DIR_PREFIX));
}

/** `<socketDir>/<8 hex>.sock`, unique per (owner, name): the owner is e.g. the profile's folder. */
export function adminSocketPath(socketDir: string, owner: string, name: string): string {
  const tag = createHash('sha256').update(`${owner}\0${name}`).digest('hex').slice(0, 8);
  const socket = path.join(socketDir, `${tag}.sock`);
  if (Buffer.byteLength(socket) > MAX_SOCKET_PATH_BYTES) {
    throw new EnvironmentError(`The admin socket path ${socket} is longer than a unix socket allows (${MAX_SOCKET_PATH_BYTES} bytes).`, 'Set TMPDIR to a short folder such as /tmp.');
  }
  return socket;
}
