/**
 * One request's fate, as a driver needs it, passed as plain arguments so that a response costs no
 * object: `status` is an interned string ("200", "ECONNRESET", "timeout"), `version` the app
 * version that answered (interned) or undefined.
 */
export type OnDone = (id: number, status: string, ok: boolean, timedOut: boolean, version: string | undefined) => void;

/** Sends requests to the target and reports each one's outcome to the `OnDone` it was made with; drivers own timing. */
export interface Requester {
  /**
   * Resolves once the connections a client keeps open are open (or failed, or after the timeout):
   * a driver starts its schedule after it, so opening them is set-up, not schedule lag. Never
   * rejects; absent: nothing to open first.
   */
  ready?(): Promise<void>;
  /** Sends request `id` (ids are the driver's, reported back as they are); queued while every connection is busy. */
  send(id: number): void;
  connectionsOpened(): number;
  /** Requests still waiting for a free connection: never put on the wire. */
  waiting(): number;
  /** Stops every timer and connection; requests still in flight are not reported. */
  close(): Promise<void>;
}

export interface RequesterOptions {
  readonly url: string;
  readonly connections: number;
  readonly newConnectionEvery: number;
  readonly timeoutMs: number;
}

/** Strings handed out once, so a hot path that reports a status never builds one. */
export class InternedStrings {
  private readonly byKey = new Map<number | string, string>();

  of(key: number | string): string {
    let s = this.byKey.get(key);
    if (s === undefined) {
      s = String(key);
      this.byKey.set(key, s);
    }
    return s;
  }
}
