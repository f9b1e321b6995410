/** One request's fate, as a driver needs it. */
export interface Outcome {
  readonly status: string;
  readonly ok: boolean;
  readonly timedOut: boolean;
  readonly version: string | undefined;
}

/** Sends one request to the target and reports its outcome; drivers own timing. */
export interface Requester {
  send(onDone: (outcome: Outcome) => void): void;
  connectionsOpened(): number;
  close(): Promise<void>;
}

export interface RequesterOptions {
  readonly url: string;
  readonly connections: number;
  readonly newConnectionEvery: number;
  readonly timeoutMs: number;
}

