import { readdir } from 'node:fs/promises';
import { createTextFileReader } from './file-reader.js';
import type { ReadText } from './types.js';

/**
 * Where a node's /proc and cgroup files are read: this host's filesystems, or a node of a cluster
 * through a reader process in a pod there (stream-node-reader.ts). Paths are always the node's own
 * (`/proc/123/stat`, `/sys/fs/cgroup/cpu/…`); a remote reader translates them to where its pod
 * mounts them.
 */
export interface NodeFiles {
  /** Where the files come from, in the record's words: `local /proc` or `DaemonSet pod p on node n`. */
  readonly where: string;
  readonly read: ReadText;
}

export interface NodeReader extends NodeFiles {
  /** The entries of a folder (e.g. /proc, for its pids). */
  list(dir: string): Promise<string[]>;
  /** Ends what the reader holds (handles, a reader process); later reads fail or reopen. */
  close(): Promise<void>;
}

export const LOCAL_READER_WHERE = 'local /proc';

/** This host's files, through handles kept open between samples (file-reader.ts). */
export function localNodeReader(): NodeReader {
  const files = createTextFileReader({ shortReadIsEof: true });
  return { where: LOCAL_READER_WHERE, read: files.read, list: (dir) => readdir(dir), close: files.close };
}
